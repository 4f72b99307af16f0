package pagoda.tensor.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The CPU backend's one level of parallelism: a fixed set of worker threads that, with the calling
 * thread, run the numbered tasks of one job. Tasks are claimed in order from a shared counter; the
 * kernels decide what a task is, always independently of the thread count, so results never depend on
 * it. Workers spin briefly before parking, because the UNet issues thousands of small jobs per second.
 */
public final class WorkPool implements AutoCloseable {

    /** One numbered piece of a job. Called once per task index, never concurrently for the same index. */
    @FunctionalInterface
    public interface Task {
        void run(int index);
    }

    private static final int SPINS = 20_000;

    private final int threads;
    private final Thread[] workers;
    private final Object submitLock = new Object();
    private volatile Job job;
    private volatile boolean closed;

    private static final class Job {
        final Task task;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final Thread caller;
        volatile Throwable error;

        Job(Task task, int count, Thread caller) {
            this.task = task;
            this.count = count;
            this.caller = caller;
        }
    }

    /** A pool of {@code threads} threads in all, the caller included. */
    public WorkPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            Thread t = new Thread(this::workerLoop, "pagoda-cpu-" + (i + 1));
            t.setDaemon(true);
            workers[i] = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task.run(i)} for every i in [0, count) and returns when all have finished; the first
     * exception a task throws is rethrown here. Jobs from several callers run one after another; a job
     * started from inside a task runs inline.
     */
    public void run(int count, Task task) {
        if (count <= 0) {
            return;
        }
        if (count == 1 || workers.length == 0 || isWorker()) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        synchronized (submitLock) {
            if (closed) {
                throw new IllegalStateException("the CPU backend's work pool is closed");
            }
            Job j = new Job(task, count, Thread.currentThread());
            job = j;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            work(j);
            int spins = 0;
            while (j.done.get() < count) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            job = null;
            Throwable e = j.error;
            if (e != null) {
                if (e instanceof RuntimeException re) {
                    throw re;
                }
                if (e instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e);
            }
        }
    }

    private boolean isWorker() {
        Thread t = Thread.currentThread();
        for (Thread w : workers) {
            if (w == t) {
                return true;
            }
        }
        return false;
    }

    private static void work(Job j) {
        int i;
        while ((i = j.next.getAndIncrement()) < j.count) {
            try {
                if (j.error == null) {
                    j.task.run(i);
                }
            } catch (Throwable e) {
                if (j.error == null) {
                    j.error = e;
                }
            }
            if (j.done.incrementAndGet() == j.count) {
                LockSupport.unpark(j.caller);
            }
        }
    }

    private void workerLoop() {
        Job last = null;
        int spins = 0;
        while (!closed) {
            Job j = job;
            if (j != null && j != last) {
                last = j;
                spins = 0;
                work(j);
            } else if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.park(this);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}
