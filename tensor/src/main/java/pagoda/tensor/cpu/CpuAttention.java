package pagoda.tensor.cpu;

import pagoda.tensor.Tensor;

/**
 * EDM's attention over channels-first heads (NVlabs/edm training/networks.py, AttentionOp): with
 * q [B, C, Lq], k and v [B, C, Lk] and alpha = 1 / sqrt(C),
 * {@code w = softmax_j(alpha q^T k)} [B, Lq, Lk] and {@code out = v w^T} [B, C, Lq]. Every product is a
 * batched {@link Sgemm#gemm} reading the channels-first operands through strides (no transposed
 * copies); softmax runs in place on the weights. Backward, with dw = dout^T v and
 * ds = w (dw - rowsum(dw w)): {@code dv = dout w}, {@code dq = alpha k ds^T}, {@code dk = alpha q ds}.
 */
final class CpuAttention {
    private CpuAttention() {
    }

    static void forward(WorkPool pool, Tensor q, Tensor k, Tensor v, Tensor out, Tensor weights) {
        int b = q.size(0);
        int c = q.size(1);
        int lq = q.size(2);
        int lk = k.size(2);
        float alpha = (float) (1.0 / Math.sqrt(c));
        float[] w = CpuBackend.data(weights);
        int wo = (int) weights.offset();
        // w[i, j] = alpha sum_c q[c, i] k[c, j]
        Sgemm.gemm(pool, b, lq, lk, c, alpha,
                CpuBackend.data(q), q.offset(), (long) c * lq, 1, lq,
                CpuBackend.data(k), k.offset(), (long) c * lk, lk, 1,
                0f, w, wo, (long) lq * lk, lk);
        Softmax.forward(pool, w, wo, w, wo, (long) b * lq * lk, lk);
        // out[c, i] = sum_j v[c, j] w[i, j]
        Sgemm.gemm(pool, b, c, lq, lk, 1f,
                CpuBackend.data(v), v.offset(), (long) c * lk, lk, 1,
                w, wo, (long) lq * lk, 1, lk,
                0f, CpuBackend.data(out), out.offset(), (long) c * lq, lq);
    }

    static void backward(WorkPool pool, Tensor q, Tensor k, Tensor v, Tensor weights, Tensor dout,
                         Tensor dq, Tensor dk, Tensor dv) {
        int b = q.size(0);
        int c = q.size(1);
        int lq = q.size(2);
        int lk = k.size(2);
        float alpha = (float) (1.0 / Math.sqrt(c));
        float[] w = CpuBackend.data(weights);
        long wo = weights.offset();
        float[] g = CpuBackend.data(dout);
        long go = dout.offset();
        long wBatch = (long) lq * lk;
        // dv[c, j] = sum_i dout[c, i] w[i, j]
        Sgemm.gemm(pool, b, c, lk, lq, 1f,
                g, go, (long) c * lq, lq, 1,
                w, wo, wBatch, lk, 1,
                0f, CpuBackend.data(dv), dv.offset(), (long) c * lk, lk);
        // ds[i, j] = sum_c dout[c, i] v[c, j], then the softmax gradient in place
        float[] ds = new float[Math.toIntExact(b * wBatch)];
        Sgemm.gemm(pool, b, lq, lk, c, 1f,
                g, go, (long) c * lq, 1, lq,
                CpuBackend.data(v), v.offset(), (long) c * lk, lk, 1,
                0f, ds, 0, wBatch, lk);
        Softmax.backward(pool, w, (int) wo, ds, 0, ds, 0, ds.length, lk);
        // dq[c, i] = alpha sum_j k[c, j] ds[i, j]
        Sgemm.gemm(pool, b, c, lq, lk, alpha,
                CpuBackend.data(k), k.offset(), (long) c * lk, lk, 1,
                ds, 0, wBatch, 1, lk,
                0f, CpuBackend.data(dq), dq.offset(), (long) c * lq, lq);
        // dk[c, j] = alpha sum_i q[c, i] ds[i, j]
        Sgemm.gemm(pool, b, c, lk, lq, alpha,
                CpuBackend.data(q), q.offset(), (long) c * lq, lq, 1,
                ds, 0, wBatch, lk, 1,
                0f, CpuBackend.data(dk), dk.offset(), (long) c * lk, lk);
    }
}
