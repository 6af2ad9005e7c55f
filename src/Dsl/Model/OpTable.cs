using NetForge.Dsl.Diagnostics;

namespace NetForge.Dsl.Model;

/// <summary>
/// The op table: one entry per op of the language. Adding an op means adding its entry here, its entry and
/// kernels on each back-end, and its gradient checks.
/// </summary>
public static class OpTable
{
    private static readonly ArgumentSpec Bias = new("bias", ArgumentType.Boolean, false, ArgumentValue.BooleanValue("bias", true));

    // The weights' initialiser, named only; PyTorch's default when omitted.
    private static readonly ArgumentSpec Init = new("init", ArgumentType.Initializer, false, ArgumentValue.InitializerValue("init", "uniform_fan_in", 0));

    /// <summary>Every op, by name.</summary>
    public static readonly IReadOnlyDictionary<string, OpDefinition> Ops = new[]
    {
        new OpDefinition(OpKind.Dense, "dense", "dense",
            [ArgumentSpec.PositiveInteger("units"), Bias, Init],
            ctx => Shape.Flat(ctx.Layer.Integer("units")),
            layer => WeightAndBias(layer, [layer.Integer("units"), layer.Input.Size], layer.Input.Size, layer.Integer("units"), layer.Integer("units")),
            layer => Saturating.Multiply(2, layer.Input.Size, layer.Output.Size),
            OpTraits.TakesActivation),
        new OpDefinition(OpKind.Conv2D, "conv2d", "conv",
            [
                ArgumentSpec.PositiveInteger("filters"),
                new("kernel", ArgumentType.IntegerOrPair, false, null, 1),
                ArgumentSpec.PositiveInteger("stride", positional: false, defaultValue: 1),
                new("padding", ArgumentType.Integer, false, ArgumentValue.Integer("padding", 0), 0),
                Bias,
                Init,
            ],
            Conv2DShape,
            layer =>
            {
                var (kh, kw) = layer.Pair("kernel");
                var channels = layer.Input.Channels;
                var filters = layer.Integer("filters");
                // The binder refuses a weight past an int, and its fans are factors of it; the caps only keep the
                // refused layer's values in range.
                var fanIn = (int)Math.Min(Saturating.Multiply(channels, kh, kw), int.MaxValue);
                var fanOut = (int)Math.Min(Saturating.Multiply(filters, kh, kw), int.MaxValue);
                return WeightAndBias(layer, [filters, channels, kh, kw], fanIn, fanOut, filters);
            },
            layer =>
            {
                var (kh, kw) = layer.Pair("kernel");
                return Saturating.Multiply(2, layer.Output.Size, layer.Input.Channels, kh, kw);
            },
            OpTraits.TakesActivation | OpTraits.TakesPooling),
        Pool(OpKind.MaxPool, "maxpool"),
        Pool(OpKind.AvgPool, "avgpool"),
        new OpDefinition(OpKind.Flatten, "flatten", "flatten", [],
            ctx => Shape.Flat(ctx.Input.Size),
            flops: _ => 0,
            traits: OpTraits.AliasesInput),
        Activation(OpKind.Relu, "relu"),
        Activation(OpKind.LeakyRelu, "leaky_relu", new ArgumentSpec("alpha", ArgumentType.Real, true, ArgumentValue.RealValue("alpha", 0.01), 0)),
        Activation(OpKind.Elu, "elu", new ArgumentSpec("alpha", ArgumentType.Real, true, ArgumentValue.RealValue("alpha", 1.0), 0, MinimumExclusive: true)),
        Activation(OpKind.Sigmoid, "sigmoid"),
        Activation(OpKind.Tanh, "tanh"),
        new OpDefinition(OpKind.Maxout, "maxout", "maxout",
            [new ArgumentSpec("pieces", ArgumentType.Integer, true, null, 2)],
            ctx =>
            {
                if (!ctx.Input.IsFlat)
                    return ctx.WrongRank("[n]");
                var pieces = ctx.Layer.Integer("pieces");
                return ctx.Input.Size % pieces == 0
                    ? Shape.Flat(ctx.Input.Size / pieces)
                    : ctx.Error(DiagnosticDescriptors.MaxoutNotDivisible, ctx.OpText, pieces, ctx.Input);
            },
            flops: layer => layer.Input.Size),
        new OpDefinition(OpKind.Softmax, "softmax", "softmax", [],
            ctx => ctx.Input.IsFlat ? ctx.Input : ctx.WrongRank("[n]"),
            flops: layer => 3L * layer.Output.Size),
        new OpDefinition(OpKind.Dropout, "dropout", "dropout",
            [new ArgumentSpec("p", ArgumentType.Real, true, null, 0, Maximum: 1, MaximumExclusive: true)],
            ctx => ctx.Input,
            traits: OpTraits.IdentityAtInference,
            saved: layer => [new SavedBuffer("mask", layer.Output.Size, PerSample: true)]),
        new OpDefinition(OpKind.BatchNorm, "batchnorm", "batchnorm",
            [
                new ArgumentSpec("momentum", ArgumentType.Real, false, ArgumentValue.RealValue("momentum", 0.9), 0, Maximum: 1),
                new ArgumentSpec("epsilon", ArgumentType.Real, false, ArgumentValue.RealValue("epsilon", 1e-5), 0, MinimumExclusive: true),
            ],
            ctx => ctx.Input,
            layer =>
            [
                new Parameter("weight", Shape.Flat(layer.Input.Channels), 1, Initializer.Ones),
                new Parameter("bias", Shape.Flat(layer.Input.Channels), 1, Initializer.Zeros),
            ],
            layer => 4L * layer.Output.Size,
            OpTraits.TakesActivation,
            state: layer =>
            [
                new Parameter("running_mean", Shape.Flat(layer.Input.Channels), 0, Initializer.Zeros),
                new Parameter("running_var", Shape.Flat(layer.Input.Channels), 0, Initializer.Ones),
            ],
            saved: layer =>
            [
                new SavedBuffer("mean", layer.Input.Channels, PerSample: false),
                new SavedBuffer("inverse_std", layer.Input.Channels, PerSample: false),
            ]),
        new OpDefinition(OpKind.Add, "add", "add",
            [new ArgumentSpec("label", ArgumentType.Label, true, null)],
            ctx =>
            {
                var label = ctx.Layer.Labels("label")[0];
                var other = ctx.LabelShape(label);
                return other == ctx.Input
                    ? ctx.Input
                    : ctx.Error(DiagnosticDescriptors.AddShapeMismatch, ctx.OpText, Quote.Name(label), other, ctx.Input);
            }),
        new OpDefinition(OpKind.Concat, "concat", "concat",
            [new ArgumentSpec("labels", ArgumentType.Labels, true, null)],
            ConcatShape,
            flops: _ => 0),
    }.ToDictionary(op => op.Name);

    /// <summary>The losses, by name.</summary>
    public static readonly IReadOnlyDictionary<string, LossDefinition> Losses = new[]
    {
        new LossDefinition("softmax_cross_entropy", [L2], takesClassLabels: true, appliesSoftmax: true),
        new LossDefinition("hinge", [new ArgumentSpec("margin", ArgumentType.Real, true, ArgumentValue.RealValue("margin", 1.0), 0, MinimumExclusive: true), L2], takesClassLabels: true, appliesSoftmax: false),
        new LossDefinition("mse", [L2], takesClassLabels: false, appliesSoftmax: false),
    }.ToDictionary(loss => loss.Name);

    // Every loss takes l2: λ of the penalty λ·Σw² over the weights of dense layers and convolutions, named only.
    private static ArgumentSpec L2 => new("l2", ArgumentType.Real, false, ArgumentValue.RealValue("l2", 0), 0);

    private static readonly Dictionary<OpKind, OpDefinition> ByKind = Ops.Values.ToDictionary(op => op.Kind);

    /// <summary>The entry of an op.</summary>
    public static OpDefinition Get(OpKind kind) => ByKind[kind];

    private static OpDefinition Activation(OpKind kind, string name, params ArgumentSpec[] arguments) =>
        new(kind, name, name, arguments, ctx => ctx.Input, traits: OpTraits.Pointwise);

    private static OpDefinition Pool(OpKind kind, string name) =>
        new(kind, name, name,
            [ArgumentSpec.PositiveInteger("size"), new ArgumentSpec("stride", ArgumentType.Integer, false, null, 1, DefaultFrom: "size")],
            ctx =>
            {
                if (!ctx.Input.IsImage)
                    return ctx.WrongRank("[c, h, w]");
                var size = ctx.Layer.Integer("size");
                var stride = ctx.Layer.Integer("stride");
                if (size > ctx.Input.Height || size > ctx.Input.Width)
                    return ctx.Error(DiagnosticDescriptors.WindowTooLarge, ctx.OpText, size, size, ctx.Input);
                return Shape.Image(ctx.Input.Channels, (ctx.Input.Height - size) / stride + 1, (ctx.Input.Width - size) / stride + 1);
            },
            flops: layer => Saturating.Multiply(layer.Output.Size, layer.Integer("size"), layer.Integer("size")),
            traits: OpTraits.Pooling);

    private static Shape? Conv2DShape(ShapeContext ctx)
    {
        if (!ctx.Input.IsImage)
            return ctx.WrongRank("[c, h, w]");
        var (kh, kw) = ctx.Layer.Pair("kernel");
        var stride = ctx.Layer.Integer("stride");
        var padding = (long)ctx.Layer.Integer("padding");
        var height = ctx.Input.Height + 2 * padding;
        var width = ctx.Input.Width + 2 * padding;
        if (kh > height || kw > width)
            return ctx.Error(DiagnosticDescriptors.WindowTooLarge, ctx.OpText, Math.Max(1, kh - 2 * padding), Math.Max(1, kw - 2 * padding), ctx.Input);
        var outputHeight = (height - kh) / stride + 1;
        var outputWidth = (width - kw) / stride + 1;
        if (outputHeight > int.MaxValue || outputWidth > int.MaxValue)
            return ctx.Error(DiagnosticDescriptors.TooLarge, ctx.OpText, FormattableString.Invariant($"yields an output of {outputHeight}x{outputWidth}"));
        return Shape.Image(ctx.Layer.Integer("filters"), (int)outputHeight, (int)outputWidth);
    }

    private static Shape? ConcatShape(ShapeContext ctx)
    {
        // Counted in a long: thousands of labels of large outputs add up past an int.
        var total = (long)ctx.Input.Channels;
        foreach (var label in ctx.Layer.Labels("labels"))
        {
            var other = ctx.LabelShape(label);
            if (other.Rank != ctx.Input.Rank)
                return ctx.Error(DiagnosticDescriptors.ConcatShapeMismatch, ctx.OpText, Quote.Name(label), other, ctx.Input, "one is flat and the other is not");
            if (other.IsImage && (other.Height != ctx.Input.Height || other.Width != ctx.Input.Width))
                return ctx.Error(DiagnosticDescriptors.ConcatShapeMismatch, ctx.OpText, Quote.Name(label), other, ctx.Input, "their heights and widths differ");
            total += other.Channels;
        }
        if (total > int.MaxValue)
        {
            var rest = ctx.Input.IsImage ? FormattableString.Invariant($", {ctx.Input.Height}, {ctx.Input.Width}") : "";
            return ctx.Error(DiagnosticDescriptors.TooLarge, ctx.OpText, FormattableString.Invariant($"yields [{total}{rest}]"));
        }
        return ctx.Input.IsImage ? Shape.Image((int)total, ctx.Input.Height, ctx.Input.Width) : Shape.Flat((int)total);
    }

    // PyTorch's default draws the bias like the weight; with another initialiser the bias starts at zero, as it does
    // in Keras and after torch.nn.init.zeros_, the usual companion of a chosen weight initialiser.
    private static IReadOnlyList<Parameter> WeightAndBias(Layer layer, int[] weightShape, int fanIn, int fanOut, int outputs)
    {
        var (init, std) = layer.Init("init");
        var weight = new Parameter("weight", new Shape(weightShape.ToEquatableArray()), fanIn, init) { Regularised = true, FanOut = fanOut, Std = std };
        var bias = init == Initializer.UniformFanIn ? Initializer.UniformFanIn : Initializer.Zeros;
        return layer.Boolean("bias")
            ? [weight, new Parameter("bias", Shape.Flat(outputs), fanIn, bias)]
            : [weight];
    }
}
