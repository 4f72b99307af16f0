package pagoda.classify;

import java.util.function.LongConsumer;
import pagoda.autograd.Var;
import pagoda.autograd.optim.Adam;
import pagoda.data.ImageDataset;
import pagoda.data.ShuffleStream;
import pagoda.tensor.Backend;

/**
 * Trains a {@link ClassifierNet} on a labelled data set: Adam on the cross-entropy of mini-batches drawn
 * from a seeded shuffle stream, each image mirrored with probability 1/2 (the teachers train mirrored, so
 * their samples may be). Stops after {@code steps} steps or {@code maxSeconds}, whichever comes first.
 *
 * @param batch images per step
 * @param lr Adam's learning rate
 * @param steps the most steps
 * @param maxSeconds the time budget; infinite for none
 * @param seed the seed of the weights and the stream
 */
public record ClassifierTraining(int batch, double lr, long steps, double maxSeconds, long seed) {

    /** What a training session did. */
    public record Result(long steps, double seconds, double lastLoss) {
    }

    /**
     * Trains {@code net} on {@code data}.
     *
     * @param progress told the number of steps done after each step
     */
    public Result train(ClassifierNet net, ImageDataset data, Backend backend, LongConsumer progress) {
        if (!data.labelled() || data.numClasses() != net.config().classes()) {
            throw new IllegalArgumentException("the classifier needs labelled data of " + net.config().classes() + " classes");
        }
        Adam adam = new Adam(net.namedParameters(), lr);
        ShuffleStream stream = data.shuffle(seed);
        net.train(true);
        long start = System.nanoTime();
        double loss = Double.NaN;
        long step = 0;
        while (step < steps && (System.nanoTime() - start) / 1e9 < maxSeconds) {
            ShuffleStream.Batch b = stream.next(batch);
            adam.zeroGrad();
            Var l = ClassifierNet.crossEntropy(net.forward(Var.constant(data.batch(backend, b, true))),
                    Var.constant(data.oneHot(backend, b.indices())));
            loss = l.value().item();
            if (!Double.isFinite(loss)) {
                throw new IllegalStateException("classifier training: the loss is " + loss + " at step " + step);
            }
            l.backward();
            adam.step();
            step++;
            progress.accept(step);
        }
        net.eval();
        return new Result(step, (System.nanoTime() - start) / 1e9, loss);
    }
}
