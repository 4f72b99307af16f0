package pagoda.cuda;

import pagoda.cuda.driver.CudaDevice;
import pagoda.cuda.driver.CudaDriver;
import pagoda.cuda.driver.CudaException;
import pagoda.tensor.Backend;
import pagoda.tensor.BackendProvider;

/** Makes the CUDA backend known to {@code Backends.byName("cuda")} (registered in META-INF/services). */
public final class CudaBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public String describe() {
        CudaDriver.Status s = CudaDriver.status();
        if (!s.available()) {
            return "unavailable (" + s.reason() + ")";
        }
        try {
            return CudaDevice.open(0).describe() + ", driver CUDA " + s.version() + ", " + s.devices() + " device"
                    + (s.devices() == 1 ? "" : "s") + ", matmul/conv precision " + Precision.fromProperty().suffix();
        } catch (CudaException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    @Override
    public Backend open() {
        return new CudaBackend();
    }
}
