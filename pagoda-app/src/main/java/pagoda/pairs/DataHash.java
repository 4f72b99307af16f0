package pagoda.pairs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import pagoda.data.ImageDataset;

/**
 * The identity of the images a pairs folder was encoded from: SHA-256 over the split in order, each image
 * as its id (int64), label (int32, both little-endian) and 8-bit pixels [C, R, R]. Unlike a hash of the
 * source files it changes exactly when the encoder's input does (another pipeline, a file added to a folder).
 */
public final class DataHash {
    private DataHash() {
    }

    public static String of(ImageDataset ds) {
        MessageDigest md = sha256();
        ByteBuffer head = ByteBuffer.allocate(Long.BYTES + Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ds.size(); i++) {
            head.clear();
            head.putLong(ds.id(i)).putInt(ds.label(i));
            md.update(head.array());
            md.update(ds.image(i).data());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
