package pagoda.tensor.io;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pagoda.tensor.Backend;
import pagoda.tensor.DType;
import pagoda.tensor.Tensor;

/**
 * A safetensors file opened for reading (format: https://github.com/huggingface/safetensors). The file is
 * memory-mapped through {@link java.lang.foreign} rather than read, so opening is cheap whatever the size,
 * files beyond 2 GB work, and only the tensors actually read are paged in. The header is validated
 * completely on open ({@link SafeTensorsHeader}); a broken file fails there, naming the file and tensor,
 * not later in a read.
 *
 * <p>Instances are safe to read from several threads. {@link #close} unmaps the file; segments from
 * {@link #bytes} become invalid then, arrays and tensors already read do not.
 */
public final class SafeTensors implements AutoCloseable {
    private static final int NAMES_SHOWN = 10;

    private final Path file;
    private final Arena arena;
    private final MemorySegment data;
    private final SafeTensorsHeader header;
    private volatile boolean closed;

    private SafeTensors(Path file, Arena arena, MemorySegment data, SafeTensorsHeader header) {
        this.file = file;
        this.arena = arena;
        this.data = data;
        this.header = header;
    }

    /**
     * Maps and validates a safetensors file.
     *
     * @throws SafeTensorsException when the file breaks the format, naming file and tensor
     * @throws IOException when the file cannot be opened or mapped
     */
    public static SafeTensors open(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MemorySegment content = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            SafeTensorsHeader header = SafeTensorsHeader.parse(file, content);
            return new SafeTensors(file, arena, content.asSlice(header.dataStart()), header);
        } catch (Throwable failure) {
            arena.close();
            throw failure;
        }
    }

    public Path file() {
        return file;
    }

    /** Tensor names in the order of the header. */
    public List<String> names() {
        return List.copyOf(header.tensors().keySet());
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    /** Every tensor's entry, in the order of the header. */
    public List<TensorInfo> infos() {
        return List.copyOf(header.tensors().values());
    }

    /** The entry of one tensor; an unknown name is an error listing what the file holds. */
    public TensorInfo info(String name) {
        TensorInfo info = header.tensors().get(name);
        if (info == null) {
            List<String> names = new ArrayList<>(header.tensors().keySet());
            String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                    + (names.size() > NAMES_SHOWN ? ", ..." : "");
            throw new SafeTensorsException(file, name, "not in this file, which holds " + names.size() + " tensors: " + shown);
        }
        return info;
    }

    /** The header's {@code __metadata__} (empty when absent), read-only. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** The raw little-endian bytes of a tensor, read-only, valid until {@link #close}. */
    public MemorySegment bytes(String name) {
        return bytes(info(name));
    }

    private MemorySegment bytes(TensorInfo info) {
        if (closed) {
            throw new IllegalStateException(file + ": the safetensors file is closed");
        }
        return data.asSlice(info.begin(), info.byteLength());
    }

    /** A tensor's elements in row-major order as floats, from any dtype (BOOL as 0 and 1). */
    public float[] readFloats(String name) {
        TensorInfo info = info(name);
        return ElementDecoder.floats(file, info, bytes(info));
    }

    /**
     * Elements {@code [first, first + count)} of a tensor, row-major, as floats: a part of a tensor, such
     * as a batch of images, without reading (or paging in) the rest.
     */
    public float[] readFloats(String name, long first, int count) {
        TensorInfo info = info(name);
        if (first < 0 || count < 0 || first + count > info.numel()) {
            throw new SafeTensorsException(file, name, "elements [" + first + ", " + (first + count)
                    + ") asked for, but the tensor has " + info.numel());
        }
        long size = info.dtype().byteSize();
        TensorInfo part = new TensorInfo(name, info.dtype(), new int[] {count}, info.begin() + first * size,
                info.begin() + (first + count) * size);
        return ElementDecoder.floats(file, part, bytes(part));
    }

    /** A tensor's elements as doubles; exact for every dtype but I64 beyond 2^53. */
    public double[] readDoubles(String name) {
        TensorInfo info = info(name);
        return ElementDecoder.doubles(file, info, bytes(info));
    }

    /** A tensor's elements as longs; the dtype must be an integer one (I64, I32, U8, BOOL). */
    public long[] readLongs(String name) {
        TensorInfo info = info(name);
        return ElementDecoder.longs(file, info, bytes(info));
    }

    /**
     * A tensor on {@code backend} with the file's shape. F64 and I64 data go through doubles, so a
     * float64 backend (the reference twin) receives them exactly; a float32 backend rounds once.
     */
    public Tensor readTensor(String name, Backend backend) {
        TensorInfo info = info(name);
        if (info.dtype() == DType.F64 || info.dtype() == DType.I64) {
            return Tensor.ofDoubles(backend, readDoubles(name), info.shape());
        }
        return Tensor.of(backend, readFloats(name), info.shape());
    }

    /** Unmaps the file; idempotent. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            arena.close();
        }
    }
}
