namespace NetForge.Cpu;

/// <summary>
/// y = act(conv(x, W) + bias), one sample at a time: pad the sample, unroll it into patches, multiply.
/// </summary>
/// <remarks>
/// Unrolling first (rather than convolving directly) lets one register-blocked product serve every kernel size,
/// stride and padding, and it vectorises along the flattened output plane, OH × OW, which for the small maps of
/// these networks (10 × 10, 14 × 14) fills whole vectors where a direct convolution along one output row of 10
/// or 14 would leave lanes idle. For stride 1 the unrolling costs one vector load and store per output row per
/// kernel tap, a fraction (about 1/filters) of the product it feeds.
/// </remarks>
internal static class ConvForwardKernel
{
    /// <summary>Spans are not checked: the caller has validated their lengths and the shape.</summary>
    public static void Run<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, Span<float> y,
        int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        var paddedHeight = shape.Height + 2 * shape.Padding;
        var paddedWidth = shape.Width + 2 * shape.Padding;
        var outputs = shape.OutputHeight * shape.OutputWidth;
        var rowStride = Scratch.Round(outputs);
        var paddedLength = Scratch.Round(shape.Channels * paddedHeight * paddedWidth + Scratch.Alignment);
        var patchesLength = Scratch.Round(checked(shape.PatchSize * rowStride + Scratch.Alignment));
        var scratch = Scratch.Get(checked(paddedLength + patchesLength));
        var padded = scratch[..paddedLength];
        var patches = scratch[paddedLength..];

        for (var b = 0; b < batch; b++)
        {
            Patches.Spread(x.Slice(b * shape.InputSize, shape.InputSize), shape.Channels, shape.Height, shape.Width,
                padded, paddedHeight, paddedWidth, 1, shape.Padding, shape.Padding);
            Patches.Unroll<TOps, TVec>(padded, 1, shape.Channels, paddedHeight, paddedWidth, shape.KernelHeight, shape.KernelWidth,
                shape.Stride, shape.OutputHeight, shape.OutputWidth, patches, rowStride);
            var sample = y.Slice(b * shape.OutputSize, shape.OutputSize);
            FilterProduct.Run<TOps, TVec, TAct>(weight, bias, patches, rowStride, sample, shape.Filters, shape.PatchSize, outputs, activation);
            VectorActivation.FinishForward(sample, shape.OutputSize, activation);
        }
    }
}
