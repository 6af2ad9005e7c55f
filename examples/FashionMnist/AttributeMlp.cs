using NetForge;

namespace Examples.FashionMnist;

/// <summary>The same network as models/mlp.net, declared with attributes.</summary>
[Network(784)]
[Dense(256, Activation = Activation.ReLU)]
[Dense(128, Activation = Activation.ReLU)]
[Dense(10)]
[Loss(LossKind.SoftmaxCrossEntropy)]
public partial class AttributeMlp;
