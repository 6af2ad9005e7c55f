namespace NetForge.Dsl.Model;

/// <summary>Every op of the language; <see cref="OpTable"/> describes each.</summary>
public enum OpKind
{
    /// <summary><c>dense(units)</c></summary>
    Dense,
    /// <summary><c>conv2d(filters, kernel: k)</c></summary>
    Conv2D,
    /// <summary><c>maxpool(size)</c></summary>
    MaxPool,
    /// <summary><c>avgpool(size)</c></summary>
    AvgPool,
    /// <summary><c>flatten</c></summary>
    Flatten,
    /// <summary><c>relu</c></summary>
    Relu,
    /// <summary><c>leaky_relu(alpha: 0.01)</c></summary>
    LeakyRelu,
    /// <summary><c>elu(alpha: 1.0)</c></summary>
    Elu,
    /// <summary><c>sigmoid</c></summary>
    Sigmoid,
    /// <summary><c>tanh</c></summary>
    Tanh,
    /// <summary><c>maxout(pieces)</c></summary>
    Maxout,
    /// <summary><c>softmax</c></summary>
    Softmax,
    /// <summary><c>dropout(p)</c></summary>
    Dropout,
    /// <summary><c>batchnorm</c></summary>
    BatchNorm,
    /// <summary><c>add(label)</c></summary>
    Add,
    /// <summary><c>concat(label, ...)</c></summary>
    Concat,
}
