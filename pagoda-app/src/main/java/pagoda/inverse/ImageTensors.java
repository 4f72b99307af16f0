package pagoda.inverse;

import java.util.ArrayList;
import java.util.List;
import pagoda.image.ByteImage;
import pagoda.image.CenterCrop;
import pagoda.image.PngGrid;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/**
 * 8-bit images and [-1, 1] tensors, with the project's two mappings: {@code x = b / 127.5 - 1} in (the data
 * sets') and EDM's {@code b = clamp(floor(127.5 x + 128), 0, 255)} out ({@link PngGrid}), which give back the
 * same bytes.
 */
public final class ImageTensors {
    private ImageTensors() {
    }

    /** Images of one shape as [N, C, H, W] in [-1, 1]. */
    public static Tensor of(Backend backend, List<ByteImage> images) {
        ByteImage first = images.getFirst();
        int per = first.data().length;
        float[] v = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            ByteImage b = images.get(i);
            if (b.channels() != first.channels() || b.height() != first.height() || b.width() != first.width()) {
                throw new IllegalArgumentException("image " + i + " is " + b + ", the first is " + first);
            }
            byte[] d = b.data();
            for (int k = 0; k < per; k++) {
                v[i * per + k] = (d[k] & 0xFF) / 127.5f - 1f;
            }
        }
        return Tensor.of(backend, v, images.size(), first.channels(), first.height(), first.width());
    }

    /** [N, C, H, W] in [-1, 1] to 8-bit images. */
    public static List<ByteImage> bytes(Tensor images) {
        return PngGrid.fromTensor(images);
    }

    /**
     * Images to R x R by the data sets' reference pipeline ({@link CenterCrop}: PIL's box halvings, bicubic,
     * centre crop, in 8 bits); images already R x R pass unchanged.
     */
    public static List<ByteImage> toResolution(List<ByteImage> images, int resolution) {
        List<ByteImage> out = new ArrayList<>(images.size());
        for (ByteImage b : images) {
            out.add(b.height() == resolution && b.width() == resolution ? b : CenterCrop.toResolution(b, resolution));
        }
        return out;
    }

    /** {@link #toResolution} of a tensor; the tensor itself when already R x R. */
    public static Tensor toResolution(Tensor images, int resolution) {
        if (images.size(2) == resolution && images.size(3) == resolution) {
            return images;
        }
        return of(images.backend(), toResolution(bytes(images), resolution));
    }

    /**
     * An RGB image as the generator's channels: itself for 3, its BT.601 luma rounded to 8 bits for 1 (PIL's
     * {@code convert("L")}).
     */
    public static ByteImage toChannels(ByteImage rgb, int channels) {
        if (channels == rgb.channels()) {
            return rgb;
        }
        if (channels != 1 || rgb.channels() != 3) {
            throw new IllegalArgumentException("cannot turn a " + rgb.channels() + "-channel image into " + channels + " channels");
        }
        ByteImage grey = ByteImage.zeros(1, rgb.height(), rgb.width());
        for (int y = 0; y < rgb.height(); y++) {
            for (int x = 0; x < rgb.width(); x++) {
                int l = (rgb.get(0, y, x) * 299 + rgb.get(1, y, x) * 587 + rgb.get(2, y, x) * 114 + 500) / 1000;
                grey.set(0, y, x, l);
            }
        }
        return grey;
    }
}
