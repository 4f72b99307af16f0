package pagoda.eval;

import pagoda.data.ImageDataset;
import pagoda.tensor.Backend;
import pagoda.tensor.Tensor;

/** A split of a data set of the data module, at its resolution, as an {@link ImageSet}. */
final class DatasetImages implements ImageSet {
    private final String spec;
    private final ImageDataset data;

    DatasetImages(String spec, ImageDataset data) {
        this.spec = spec;
        this.data = data;
    }

    @Override
    public String describe() {
        return spec + " (" + data.split() + " split)";
    }

    @Override
    public int size() {
        return data.size();
    }

    @Override
    public int channels() {
        return data.channels();
    }

    @Override
    public int height() {
        return data.resolution();
    }

    @Override
    public int width() {
        return data.resolution();
    }

    @Override
    public Tensor read(int from, int to, Backend backend) {
        return data.batch(backend, from, to);
    }
}
