package pagoda.cuda.driver;

import java.util.ArrayList;
import java.util.List;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * The parameters of one launch, in the kernel's order: cuLaunchKernel takes an array of pointers, one to
 * each parameter's bytes. A struct passed by value is given as the array of its fields (all of one width,
 * as the kernels declare their structs).
 */
public final class KernelArgs {
    private final List<NativePointerObject> params = new ArrayList<>();

    public KernelArgs pointer(CUdeviceptr p) {
        params.add(Pointer.to(p));
        return this;
    }

    /** A null device pointer (an absent optional operand such as a bias). */
    public KernelArgs nullPointer() {
        params.add(Pointer.to(new CUdeviceptr()));
        return this;
    }

    public KernelArgs i32(int v) {
        params.add(Pointer.to(new int[] {v}));
        return this;
    }

    public KernelArgs i64(long v) {
        params.add(Pointer.to(new long[] {v}));
        return this;
    }

    public KernelArgs f32(float v) {
        params.add(Pointer.to(new float[] {v}));
        return this;
    }

    /** A struct of 64-bit fields. */
    public KernelArgs struct(long[] fields) {
        params.add(Pointer.to(fields.clone()));
        return this;
    }

    /** A struct of 32-bit fields. */
    public KernelArgs struct(int[] fields) {
        params.add(Pointer.to(fields.clone()));
        return this;
    }

    Pointer pointer() {
        return Pointer.to(params.toArray(new NativePointerObject[0]));
    }
}
