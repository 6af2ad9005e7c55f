namespace NetForge;

/// <summary>
/// What a <see cref="GraphNode"/> computes: one op of the model language each, named as the language's ops are.
/// Attributes are the op's arguments under the language's names; tensors are listed in the order given here.
/// </summary>
public enum GraphOp
{
    /// <summary><c>dense(units)</c>: y = x Wᵀ + b over the flattened input. Attributes <c>units</c>, <c>bias</c>;
    /// parameters the weight, [units, inputs], then the bias, [units], when there is one.</summary>
    Dense,

    /// <summary><c>conv2d(filters)</c> over [c, h, w], cross-correlation as PyTorch computes it. Attributes
    /// <c>filters</c>, <c>kernel</c> (height, width), <c>stride</c>, <c>padding</c> (zeros on every side),
    /// <c>bias</c>; parameters the weight, [filters, c, kh, kw], then the bias, [filters], when there is one.</summary>
    Conv2D,

    /// <summary><c>maxpool(size)</c>: the largest value of each size × size window, windows <c>stride</c> apart, no
    /// padding, a partial window at the edge dropped. Attributes <c>size</c>, <c>stride</c>.</summary>
    MaxPool,

    /// <summary><c>avgpool(size)</c>: the mean of each size × size window, windows <c>stride</c> apart, no padding,
    /// a partial window at the edge dropped. Attributes <c>size</c>, <c>stride</c>.</summary>
    AvgPool,

    /// <summary><c>flatten</c>: [c, h, w] to [c·h·w], the values in the same order.</summary>
    Flatten,

    /// <summary><c>relu</c>: max(0, x).</summary>
    Relu,

    /// <summary><c>leaky_relu</c>: x for x &gt; 0, alpha·x otherwise. Attribute <c>alpha</c>.</summary>
    LeakyRelu,

    /// <summary><c>elu</c>: x for x &gt; 0, alpha·(eˣ − 1) otherwise. Attribute <c>alpha</c>.</summary>
    Elu,

    /// <summary><c>sigmoid</c>: 1 / (1 + e⁻ˣ).</summary>
    Sigmoid,

    /// <summary><c>tanh</c>.</summary>
    Tanh,

    /// <summary><c>maxout(pieces)</c> over [n]: output j is the largest of inputs j·pieces to j·pieces + pieces − 1.
    /// Attribute <c>pieces</c>.</summary>
    Maxout,

    /// <summary><c>softmax</c> over the features of [n].</summary>
    Softmax,

    /// <summary><c>dropout(p)</c>: the identity at inference, which is what the graph describes. Attribute <c>p</c>,
    /// the share dropped while training.</summary>
    Dropout,

    /// <summary><c>batchnorm</c> with the running statistics: (x − mean) / √(var + epsilon) · weight + bias, per
    /// channel of [c, h, w] or per feature of [n]. Attributes <c>momentum</c> (training only), <c>epsilon</c>;
    /// parameters the weight then the bias, state the running mean then the running variance, each [c].</summary>
    BatchNorm,

    /// <summary><c>add(label)</c>: the sum of its two inputs, of one shape.</summary>
    Add,

    /// <summary><c>concat(labels)</c>: its inputs joined, in order, along the channels of [c, h, w] or the features
    /// of [n].</summary>
    Concat,
}
