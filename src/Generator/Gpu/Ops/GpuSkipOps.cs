using NetForge.Dsl.Model;
using static NetForge.Generator.CodeText;

namespace NetForge.Generator.Gpu;

/// <summary><c>add(label)</c>: a skip connection; the backward sends the gradient unchanged into both terms.</summary>
internal sealed class GpuAddOp : GpuOp
{
    public override OpKind Op => OpKind.Add;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        yield return s.Kernel("Forward", "Gpu.Skips.Add(thread, a, b, y)", GpuStep.PerValue(s.Layer.Output.Size),
            GpuArgument.Floats("a", s.X), GpuArgument.Floats("b", GpuStep.LabelBuffer(s.Pass.Labels[0])), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var size = GpuStep.PerValue(s.Layer.Output.Size);
        if (s.Dx is { } dx)
            yield return s.Kernel("InputGradient", "Gpu.Elementwise.Copy(thread, x, y)", size, GpuArgument.Floats("x", s.Dy), GpuArgument.Floats("y", dx));
        var label = s.Pass.Labels[0];
        if (!label.TakesGradient)
            yield break;
        var skip = GpuNames.SkipGradient(label.Label);
        yield return label.Accumulates
            ? s.Kernel("SkipGradient", "Gpu.Skips.AddTo(thread, target, source)", size, GpuArgument.Floats("target", skip), GpuArgument.Floats("source", s.Dy))
            : s.Kernel("SkipGradient", "Gpu.Elementwise.Copy(thread, x, y)", size, GpuArgument.Floats("x", s.Dy), GpuArgument.Floats("y", skip));
    }
}

/// <summary><c>concat(labels)</c>: the parts side by side in each sample; the backward hands each its slice.</summary>
internal sealed class GpuConcatOp : GpuOp
{
    public override OpKind Op => OpKind.Concat;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        var size = Integer(s.Layer.Output.Size);
        yield return s.Kernel("Input", $"Gpu.Skips.ToSlice(thread, part, y, {Integer(s.Layer.Input.Size)}, {size}, 0)", GpuStep.PerValue(s.Layer.Input.Size),
            GpuArgument.Floats("part", s.X), GpuArgument.Floats("y", s.Y));
        var index = 0;
        foreach (var (part, offset) in Parts(s))
        {
            index++;
            yield return s.Kernel("Part" + Integer(index), $"Gpu.Skips.ToSlice(thread, part, y, {Integer(part.Buffer.Size)}, {size}, {Integer(offset)})",
                GpuStep.PerValue(part.Buffer.Size), GpuArgument.Floats("part", GpuStep.LabelBuffer(part)), GpuArgument.Floats("y", s.Y));
        }
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        var size = Integer(s.Layer.Output.Size);
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("InputGradient", $"Gpu.Skips.FromSlice(thread, dy, part, {Integer(s.Layer.Input.Size)}, {size}, 0, 0)",
                GpuStep.PerValue(s.Layer.Input.Size), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("part", dx));
        }
        var index = 0;
        foreach (var (part, offset) in Parts(s))
        {
            index++;
            if (!part.TakesGradient)
                continue;
            yield return s.Kernel("Part" + Integer(index) + "Gradient",
                $"Gpu.Skips.FromSlice(thread, dy, part, {Integer(part.Buffer.Size)}, {size}, {Integer(offset)}, {(part.Accumulates ? 1 : 0)})",
                GpuStep.PerValue(part.Buffer.Size), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("part", GpuNames.SkipGradient(part.Label)));
        }
    }

    /// <summary>The labelled parts, each with where its values start in an output sample: after the input's and the parts' before it.</summary>
    private static IEnumerable<(Dsl.Planning.LabelInput Part, int Offset)> Parts(GpuStep s)
    {
        var offset = s.Layer.Input.Size;
        foreach (var part in s.Pass.Labels)
        {
            yield return (part, offset);
            offset += part.Buffer.Size;
        }
    }
}

/// <summary><c>maxout(pieces)</c>: the largest of each group of consecutive values; its gradient goes to the group's first maximum.</summary>
internal sealed class GpuMaxoutOp : GpuOp
{
    public override OpKind Op => OpKind.Maxout;

    public override IEnumerable<GpuKernel> Forward(GpuStep s)
    {
        yield return s.Kernel("Forward", $"Gpu.Maxout.Forward(thread, x, y, {Integer(s.Layer.Integer("pieces"))})", GpuStep.PerValue(s.Layer.Output.Size),
            GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y));
    }

    public override IEnumerable<GpuKernel> Backward(GpuStep s)
    {
        if (s.Dx is { } dx)
        {
            yield return s.Kernel("Backward", $"Gpu.Maxout.Backward(thread, x, y, dy, dx, {Integer(s.Layer.Integer("pieces"))})", GpuStep.PerValue(s.Layer.Input.Size),
                GpuArgument.Floats("x", s.X), GpuArgument.Floats("y", s.Y), GpuArgument.Floats("dy", s.Dy), GpuArgument.Floats("dx", dx));
        }
    }
}
