namespace NetForge.Generator.Tests;

/// <summary>The benchmark's MLP in both forms, and a few other sources the tests share.</summary>
internal static class Models
{
    public const string MlpFile = """
        # The benchmark MLP.
        namespace Examples.FashionMnist

        network Mlp {
            input [784]
            dense(256) -> relu
            dense(128) -> relu
            dense(10)
            loss softmax_cross_entropy
        }
        """;

    public const string MlpAttributes = """
        using NetForge;

        namespace Examples.FashionMnist;

        [Network(784)]
        [Dense(256, Activation = Activation.ReLU)]
        [Dense(128, Activation = Activation.ReLU)]
        [Dense(10)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        public partial class MlpFromAttributes;
        """;

    public const string MixedFile = """
        namespace Examples.Mixed

        network Mixed {
            input [12]
            dense(16, bias: false) -> leaky_relu(alpha: 0.2)
            dense(8) -> elu(0.5)
            dense(8) -> sigmoid
            tanh
            dense(4) -> softmax
            loss hinge(margin: 0.5)
        }
        """;

    public const string MixedAttributes = """
        using NetForge;

        namespace Examples.Mixed;

        [Network(12)]
        [Dense(16, Bias = false)]
        [LeakyReLU(Alpha = 0.2)]
        [Dense(8)]
        [Elu(Alpha = 0.5)]
        [Dense(8, Activation = Activation.Sigmoid)]
        [Tanh]
        [Dense(4)]
        [Softmax]
        [Loss(LossKind.Hinge, Margin = 0.5)]
        internal partial class MixedFromAttributes;
        """;

    public const string RegularisedFile = """
        namespace Examples.Regularised

        network Regularised {
            input [1, 8, 8]
            conv2d(4, kernel: 3, padding: 1)
            batchnorm
            relu
            maxpool(2)
            flatten
            dense(12)
            batchnorm(momentum: 0.8, epsilon: 0.001)
            dropout(0.5)
            maxout(3)
            dense(3)
            loss softmax_cross_entropy(l2: 0.001)
        }
        """;

    public const string RegularisedAttributes = """
        using NetForge;

        namespace Examples.Regularised;

        [Network(1, 8, 8)]
        [Conv2D(4, Kernel = 3, Padding = 1)]
        [BatchNorm]
        [ReLU]
        [MaxPool(2)]
        [Flatten]
        [Dense(12)]
        [BatchNorm(Momentum = 0.8, Epsilon = 0.001)]
        [Dropout(0.5)]
        [Maxout(3)]
        [Dense(3)]
        [Loss(LossKind.SoftmaxCrossEntropy, L2 = 0.001)]
        public partial class RegularisedFromAttributes;
        """;

    public const string InitialisedFile = """
        namespace Examples.Initialised

        network Initialised {
            input [1, 8, 8]
            conv2d(4, kernel: 3, init: he_normal) -> relu
            conv2d(4, kernel: 3, bias: false, init: xavier_uniform) -> tanh
            flatten
            dense(16, init: he_uniform) -> relu
            dense(8, init: xavier_normal) -> relu
            dense(8, init: normal(std: 0.01)) -> relu
            dense(4, init: zeros) -> relu
            dense(3)
            loss softmax_cross_entropy
        }
        """;

    public const string InitialisedAttributes = """
        using NetForge;

        namespace Examples.Initialised;

        [Network(1, 8, 8)]
        [Conv2D(4, Kernel = 3, Init = Init.HeNormal, Activation = Activation.ReLU)]
        [Conv2D(4, Kernel = 3, Bias = false, Init = Init.XavierUniform, Activation = Activation.Tanh)]
        [Flatten]
        [Dense(16, Init = Init.HeUniform, Activation = Activation.ReLU)]
        [Dense(8, Init = Init.XavierNormal, Activation = Activation.ReLU)]
        [Dense(8, Init = Init.Normal, InitStd = 0.01, Activation = Activation.ReLU)]
        [Dense(4, Init = Init.Zeros, Activation = Activation.ReLU)]
        [Dense(3)]
        [Loss(LossKind.SoftmaxCrossEntropy)]
        public partial class InitialisedFromAttributes;
        """;
}
