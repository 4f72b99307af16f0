package pagoda.unet.conformance;

import java.io.IOException;
import java.nio.file.Path;

/**
 * One part of {@code pagoda conformance edm}: reads the inputs of one fixture file, computes with the
 * teacher, and writes one result file of the same name. The teacher's parts are {@link EdmConformance#teacherCases};
 * the sampler part (sampler.safetensors: heun, euler, encoded, encoded_clamped) is another implementation,
 * added by the ODE solver module and passed in beside them.
 */
public interface ConformanceCase {
    /** The file name, in the fixture (inputs) and in the output directory (results). */
    String fileName();

    void run(ConformanceContext context, Path outDir) throws IOException;
}
