package pagoda.cuda.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Driver result codes become typed exceptions that name the error and the call; no driver is needed for this. */
class CudaErrorsTest {

    @Test
    void namesComeFromCudaH() {
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", CudaErrors.name(2));
        assertEquals("CUDA_ERROR_NO_DEVICE", CudaErrors.name(100));
        assertEquals("CUDA_ERROR_INVALID_PTX", CudaErrors.name(218));
        assertEquals("CUDA_ERROR_ILLEGAL_ADDRESS", CudaErrors.name(700));
        assertEquals("CUDA_ERROR_INSUFFICIENT_DRIVER", CudaErrors.name(35));
        assertEquals("CUDA_ERROR_UNKNOWN_CODE_123456", CudaErrors.name(123456));
    }

    @Test
    void eachKindOfFailureHasItsType() {
        assertInstanceOf(CudaOutOfMemoryException.class, CudaErrors.of(2, "cuMemAlloc(1 bytes)", null));
        assertInstanceOf(CudaUnavailableException.class, CudaErrors.of(100, "cuInit", null));
        assertInstanceOf(CudaUnavailableException.class, CudaErrors.of(35, "cuInit", null));
        assertInstanceOf(CudaUnavailableException.class, CudaErrors.of(34, "cuInit", null));
        assertInstanceOf(CudaModuleLoadException.class, CudaErrors.of(218, "cuModuleLoadDataEx(x.cu)", "log"));
        assertInstanceOf(CudaModuleLoadException.class, CudaErrors.of(500, "cuModuleGetFunction(x.cu, k)", null));
        assertInstanceOf(CudaKernelFaultException.class, CudaErrors.of(700, "cuStreamSynchronize", null));
        assertInstanceOf(CudaKernelFaultException.class, CudaErrors.of(701, "cuLaunchKernel", null));
        assertEquals(CudaException.class, CudaErrors.of(1, "cuLaunchKernel", null).getClass());
    }

    @Test
    void messageNamesCallErrorAndCode() {
        CudaException e = CudaErrors.of(2, "cuMemAlloc(4096 bytes)", null);
        assertEquals("cuMemAlloc(4096 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)", e.getMessage());
        assertEquals(2, e.code());
        assertEquals("CUDA_ERROR_OUT_OF_MEMORY", e.errorName());
        assertEquals("cuMemAlloc(4096 bytes)", e.call());
    }

    @Test
    void moduleLoadCarriesTheJitLog() {
        CudaModuleLoadException e = (CudaModuleLoadException) CudaErrors.of(218, "cuModuleLoadDataEx(gemm.cu)",
                "ptxas application ptx input, line 12; error   : Unknown symbol 'x'\n");
        assertEquals("ptxas application ptx input, line 12; error   : Unknown symbol 'x'", e.jitLog());
        assertTrue(e.getMessage().startsWith("cuModuleLoadDataEx(gemm.cu) failed: CUDA_ERROR_INVALID_PTX (218): JIT log:\n"), e.getMessage());
        assertEquals("", ((CudaModuleLoadException) CudaErrors.of(218, "load", null)).jitLog());
    }

    @Test
    void unavailableGivesAShortReason() {
        assertEquals("no CUDA device found", ((CudaUnavailableException) CudaErrors.of(100, "cuInit", null)).reason());
        assertEquals("no NVIDIA driver: libcuda.so.1 not found", new CudaUnavailableException("no NVIDIA driver: libcuda.so.1 not found").reason());
    }

    @Test
    void successDoesNotThrow() {
        assertDoesNotThrow(() -> CudaErrors.check(0, "cuInit"));
        assertThrows(CudaOutOfMemoryException.class, () -> CudaErrors.check(2, "cuMemAlloc"));
    }

    @Test
    void aMissingDriverLibraryIsNamed() {
        UnsatisfiedLinkError e = new UnsatisfiedLinkError("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n"
                + "java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file");
        assertEquals("no NVIDIA driver: libcuda.so.1 not found", CudaDriver.linkFailure(e));
        assertTrue(CudaDriver.linkFailure(new UnsatisfiedLinkError("wrong ELF class: ELFCLASS32")).startsWith("JCuda's native library could not be loaded"));
    }
}
