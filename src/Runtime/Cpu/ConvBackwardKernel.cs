using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NetForge.Cpu;

/// <summary>
/// The convolution's backward pass. The weight gradient is a product of the output gradients with the unrolled
/// inputs, dW[f, k] = Σ_p dY[f, p] · patches[k, p], in dot-product form along the output positions. The input
/// gradient is itself a convolution: of the output gradient, spread out by the stride and padded so that the
/// kernel reaches every input position, with the weights flipped and their filter and channel axes swapped; so it
/// reuses the forward product and writes each input gradient once, instead of scattering into it. (With stride S
/// that convolution multiplies by S² − 1 zeros for every useful term; the typical layers have stride 1.)
/// </summary>
internal static class ConvBackwardKernel
{
    /// <summary>
    /// How many output positions (samples × OH × OW) one weight-gradient product runs over: the dot products end in
    /// horizontal sums, which cost as much as some 50 steps; grouping samples keeps them a few percent.
    /// </summary>
    private const int GroupColumns = 1024;

    /// <summary>The most floats of unrolled inputs a group may take; larger samples go one at a time.</summary>
    private const long GroupFloats = 1 << 21;

    /// <summary>Spans are not checked: the caller has validated their lengths and the shape.</summary>
    public static void Run<TOps, TVec, TAct>(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, ReadOnlySpan<float> y, Span<float> dy,
        Span<float> dWeight, Span<float> dBias, Span<float> dx, int batch, ConvShape shape, TAct activation)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
        where TAct : struct, IActivation
    {
        var filters = shape.Filters;
        var depth = shape.PatchSize;
        dWeight[..shape.WeightSize].Clear();
        if (!dBias.IsEmpty)
            dBias[..filters].Clear();
        if (batch == 0)
            return;

        var layout = new Layout(shape, batch, !dx.IsEmpty);
        var scratch = Scratch.Get(layout.Total);
        var offsets = MemoryMarshal.Cast<float, int>(scratch.Slice(layout.OffsetsStart, layout.OffsetsLength));
        var flipped = scratch.Slice(layout.FlippedStart, layout.FlippedLength);
        var gradients = scratch.Slice(layout.GradientsStart, layout.GradientsLength);
        var partial = scratch.Slice(layout.PartialStart, layout.PartialLength);
        var padded = scratch.Slice(layout.PaddedStart, layout.PaddedLength);
        var patches = scratch.Slice(layout.PatchesStart, layout.PatchesLength);
        if (!dx.IsEmpty)
        {
            Flip(weight, flipped, shape);
            Patches.ShiftedOffsets(offsets, shape.Filters, layout.SpreadHeight, layout.SpreadWidth, shape.KernelHeight, shape.KernelWidth);
        }

        var outputs = shape.OutputHeight * shape.OutputWidth;
        var paddedHeight = shape.Height + 2 * shape.Padding;
        var paddedWidth = shape.Width + 2 * shape.Padding;
        var paddedSize = shape.Channels * paddedHeight * paddedWidth;
        for (var start = 0; start < batch; start += layout.Group)
        {
            var count = Math.Min(layout.Group, batch - start);
            var columns = Scratch.Round(count * outputs);

            // Gather the group's masked output gradients side by side, [filters, columns], zero after the last sample.
            for (var g = 0; g < count; g++)
            {
                var offset = (start + g) * shape.OutputSize;
                var sample = dy.Slice(offset, shape.OutputSize);
                VectorActivation.Mask<TOps, TVec, TAct>(y.Slice(offset, shape.OutputSize), sample, shape.OutputSize, activation);
                for (var f = 0; f < filters; f++)
                {
                    var row = sample.Slice(f * outputs, outputs);
                    if (!dBias.IsEmpty)
                        dBias[f] += Sum<TOps, TVec>(row);
                    row.CopyTo(gradients[(f * columns + g * outputs)..]);
                }
            }

            for (var f = 0; f < filters; f++)
                gradients.Slice(f * columns + count * outputs, columns - count * outputs).Clear();

            for (var g = 0; g < count; g++)
                Patches.Spread(x.Slice((start + g) * shape.InputSize, shape.InputSize), shape.Channels, shape.Height, shape.Width,
                    padded[(g * paddedSize)..], paddedHeight, paddedWidth, 1, shape.Padding, shape.Padding);
            Patches.Unroll<TOps, TVec>(padded, count, shape.Channels, paddedHeight, paddedWidth, shape.KernelHeight, shape.KernelWidth,
                shape.Stride, shape.OutputHeight, shape.OutputWidth, patches, columns);

            // dW[f, k] = Σ_p gradients[f, p] · patches[k, p]: the dense forward product, with filters for samples and taps for outputs.
            var target = start == 0 ? dWeight : partial;
            DenseForwardKernel.Run<TOps, TVec, Identity>(gradients, patches, [], target, filters, columns, depth, default);
            if (start > 0)
                Tensors.Sum<TOps, TVec>(dWeight, partial, dWeight, shape.WeightSize);

            if (!dx.IsEmpty)
            {
                for (var g = 0; g < count; g++)
                    InputGradient<TOps, TVec>(dy.Slice((start + g) * shape.OutputSize, shape.OutputSize), flipped, offsets, padded, patches,
                        dx.Slice((start + g) * shape.InputSize, shape.InputSize), shape, layout);
            }
        }
    }

    /// <summary>
    /// dx[c, i, j] = Σ_{f, ki, kj} dY[f, (i + P − ki) / S, (j + P − kj) / S] · W[f, c, ki, kj] over the terms whose
    /// divisions are exact and in range: a stride-1 convolution of dY, spread S apart and offset by K − 1 − P, with
    /// the flipped weights, computed like the forward pass on shifted views of the spread planes.
    /// </summary>
    private static void InputGradient<TOps, TVec>(ReadOnlySpan<float> dy, ReadOnlySpan<float> flipped, ReadOnlySpan<int> offsets,
        Span<float> spread, Span<float> wide, Span<float> dx, ConvShape shape, Layout layout)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        Patches.Spread(dy, shape.Filters, shape.OutputHeight, shape.OutputWidth, spread, layout.SpreadHeight, layout.SpreadWidth, shape.Stride,
            shape.KernelHeight - 1 - shape.Padding, shape.KernelWidth - 1 - shape.Padding);
        var depth = shape.Filters * shape.KernelHeight * shape.KernelWidth;
        if (layout.SpreadWidth == shape.Width)
        {
            FilterProduct.Run<TOps, TVec, Identity>(flipped, [], spread, offsets, dx, layout.GradientWidth, shape.Channels, depth, layout.GradientWidth, default);
            return;
        }

        FilterProduct.Run<TOps, TVec, Identity>(flipped, [], spread, offsets, wide, layout.GradientStride, shape.Channels, depth, layout.GradientWidth, default);
        Patches.Compact(wide, layout.GradientStride, shape.Channels, shape.Height, shape.Width, layout.SpreadWidth, dx);
    }

    /// <summary>flipped[c, f, KH − 1 − ki, KW − 1 − kj] = weight[f, c, ki, kj]: the weights of the input gradient's convolution.</summary>
    private static void Flip(ReadOnlySpan<float> weight, Span<float> flipped, ConvShape shape)
    {
        var taps = shape.KernelHeight * shape.KernelWidth;
        for (var f = 0; f < shape.Filters; f++)
        {
            for (var c = 0; c < shape.Channels; c++)
            {
                var from = weight.Slice((f * shape.Channels + c) * taps, taps);
                var to = flipped.Slice((c * shape.Filters + f) * taps, taps);
                for (var t = 0; t < taps; t++)
                    to[taps - 1 - t] = from[t];
            }
        }
    }

    private static float Sum<TOps, TVec>(ReadOnlySpan<float> values)
        where TOps : struct, IVectorOps<TVec>
        where TVec : struct
    {
        ref var v0 = ref MemoryMarshal.GetReference(values);
        nint lanes = TOps.Count;
        var total = TOps.Zero;
        nint i = 0;
        for (; i <= values.Length - lanes; i += lanes)
            total = TOps.Add(total, TOps.Load(ref Unsafe.Add(ref v0, i)));
        var sum = TOps.Sum(total);
        for (; i < values.Length; i++)
            sum += Unsafe.Add(ref v0, i);
        return sum;
    }

    /// <summary>Where each working buffer lies in the scratch memory, every one starting on a cache line.</summary>
    private readonly struct Layout
    {
        public Layout(ConvShape shape, int batch, bool inputGradient)
        {
            var outputs = shape.OutputHeight * shape.OutputWidth;
            var depth = shape.PatchSize;
            var group = Math.Clamp(GroupColumns / outputs, 1, batch);
            while (group > 1 && (long)depth * Scratch.Round(group * outputs) > GroupFloats)
                group--;
            Group = group;

            // The input gradient's planes: the output gradient spread so that a stride-1 kernel reaches every input
            // position, and the product's outputs laid out SpreadWidth apart, the last row cut to its wanted values.
            SpreadHeight = shape.Height + shape.KernelHeight - 1;
            SpreadWidth = shape.Width + shape.KernelWidth - 1;
            GradientWidth = (shape.Height - 1) * SpreadWidth + shape.Width;
            GradientStride = Scratch.Round(GradientWidth);

            var columns = Scratch.Round(group * outputs);
            var paddedSize = shape.Channels * (shape.Height + 2 * shape.Padding) * (shape.Width + 2 * shape.Padding);
            var spreadSize = inputGradient ? shape.Filters * SpreadHeight * SpreadWidth : 0;
            var wideSize = inputGradient ? shape.Channels * GradientStride : 0;

            OffsetsLength = inputGradient ? Scratch.Round(shape.Filters * shape.KernelHeight * shape.KernelWidth) : 0;
            FlippedLength = inputGradient ? Scratch.Round(shape.WeightSize) : 0;
            GradientsLength = Scratch.Round(checked(shape.Filters * columns));
            PartialLength = batch > group ? Scratch.Round(shape.WeightSize) : 0;
            PaddedLength = Scratch.Round(checked(Math.Max(group * paddedSize, spreadSize) + Scratch.Alignment));
            PatchesLength = Scratch.Round(checked(Math.Max(depth * columns, wideSize) + Scratch.Alignment));
            FlippedStart = OffsetsLength;
            GradientsStart = checked(FlippedStart + FlippedLength);
            PartialStart = checked(GradientsStart + GradientsLength);
            PaddedStart = checked(PartialStart + PartialLength);
            PatchesStart = checked(PaddedStart + PaddedLength);
            Total = checked(PatchesStart + PatchesLength);
        }

        /// <summary>Samples per weight-gradient product.</summary>
        public int Group { get; }

        public int SpreadHeight { get; }

        public int SpreadWidth { get; }

        /// <summary>Outputs per channel of the input gradient's product, laid out <see cref="SpreadWidth"/> apart.</summary>
        public int GradientWidth { get; }

        public int GradientStride { get; }

        public int OffsetsStart => 0;

        public int OffsetsLength { get; }

        public int FlippedStart { get; }

        public int FlippedLength { get; }

        public int GradientsStart { get; }

        public int GradientsLength { get; }

        public int PartialStart { get; }

        public int PartialLength { get; }

        public int PaddedStart { get; }

        public int PaddedLength { get; }

        public int PatchesStart { get; }

        public int PatchesLength { get; }

        public int Total { get; }
    }
}
