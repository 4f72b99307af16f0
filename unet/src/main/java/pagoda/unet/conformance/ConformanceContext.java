package pagoda.unet.conformance;

import java.nio.file.Path;
import pagoda.tensor.Backend;
import pagoda.unet.EDMPrecond;

/** What every conformance case works with: the fixture directory, the loaded teacher and its backend. */
public record ConformanceContext(Path fixture, EDMPrecond teacher, Backend backend) {
}
