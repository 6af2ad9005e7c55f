using Examples.FashionMnist;

namespace NetForge.EndToEnd.Tests;

public class AllocationTests
{
    // The least of a few calls after a warm-up: the runtime itself may allocate on the thread now and then (tiered
    // compilation counting a method's calls), which a real allocation of the code under test would do every time.
    private static long AllocatedBy(Action action)
    {
        action();
        var least = long.MaxValue;
        for (var trial = 0; trial < 3 && least > 0; trial++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            action();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return least;
    }

    [Fact]
    public void Predict_and_Classify_allocate_nothing()
    {
        var network = new Mlp(seed: 1);
        var input = new float[Mlp.InputSize];
        var output = new float[Mlp.OutputSize];
        input.AsSpan().Fill(0.5f);

        Assert.Equal(0, AllocatedBy(() => network.Predict(input, output)));
        Assert.Equal(0, AllocatedBy(() => network.Classify(input)));
    }

    [Fact]
    public void Predict_on_two_threads_gives_the_bits_of_one_and_allocates_nothing()
    {
        var network = new Mlp(seed: 1);
        var input = Enumerable.Range(0, Mlp.InputSize).Select(i => (float)Math.Sin(i)).ToArray();
        var alone = new float[Mlp.OutputSize];
        var split = new float[Mlp.OutputSize];
        network.Predict(input, alone);

        using (CpuThreads.Use(2))
        {
            network.Predict(input, split);
            Assert.Equal(0, AllocatedBy(() => network.Predict(input, split)));
        }

        Assert.Equal(alone, split);
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuThreads.Use(0));
    }

    [Fact]
    public void A_training_step_and_an_evaluation_allocate_nothing()
    {
        var network = new Mlp(seed: 1);
        var buffers = network.CreateBuffers(64);
        buffers.Count = 64;
        buffers.Inputs.AsSpan().Fill(0.25f);
        for (var i = 0; i < 64; i++)
            buffers.Labels[i] = i % 10;
        var optimizer = new Adam(1e-3f);

        Assert.Equal(0, AllocatedBy(() =>
        {
            network.TrainStep(buffers);
            optimizer.Step(network.Parameters, buffers.Gradients);
        }));
        Assert.Equal(0, AllocatedBy(() => network.Evaluate(buffers)));
    }

    [Fact]
    public void Predict_with_dropout_batch_norm_and_maxout_allocates_nothing()
    {
        var network = new ReferenceInference(seed: 1);
        var input = new float[ReferenceInference.InputSize];
        var output = new float[ReferenceInference.OutputSize];
        input.AsSpan().Fill(0.5f);

        Assert.Equal(0, AllocatedBy(() => network.Predict(input, output)));
        Assert.Equal(0, AllocatedBy(() => network.Classify(input)));
    }

    [Fact]
    public void A_network_too_large_for_the_stack_predicts_like_its_batched_pass_without_allocating()
    {
        var network = new VggNet(seed: 3);
        var buffers = GeneratedGradientCheck.Batch(network, 1, seed: 4);
        var input = buffers.Inputs.AsSpan(0, VggNet.InputSize).ToArray();
        var output = new float[VggNet.OutputSize];

        network.Evaluate(buffers);
        Assert.Equal(0, AllocatedBy(() => network.Predict(input, output)));

        for (var i = 0; i < output.Length; i++)
            Assert.Equal(buffers.Outputs[i], output[i], 4);
    }

    [Theory]
    [InlineData("Chained")]
    [InlineData("LeakyElu")]
    [InlineData("SoftmaxHinge")]
    [InlineData("DropoutMaxout")]
    [InlineData("NormFlat")]
    [InlineData("NormImage")]
    [InlineData("ReferenceInference")]
    [InlineData("FlattenFirst")]
    [InlineData("DropoutSkips")]
    public void Every_kind_of_step_trains_without_allocating(string name)
    {
        INetwork network = name switch
        {
            "Chained" => new Chained(1),
            "LeakyElu" => new LeakyElu(1),
            "DropoutMaxout" => new DropoutMaxout(1),
            "NormFlat" => new NormFlat(1),
            "NormImage" => new NormImage(1),
            "ReferenceInference" => new ReferenceInference(1),
            "FlattenFirst" => new FlattenFirst(1),
            "DropoutSkips" => new DropoutSkips(1),
            _ => new SoftmaxHinge(1),
        };
        var buffers = GeneratedGradientCheck.Batch(network, 16, seed: 3);
        var optimizer = new Sgd(0.1f, momentum: 0.9f);

        Assert.Equal(0, AllocatedBy(() =>
        {
            network.TrainStep(buffers);
            optimizer.Step(network.Parameters, buffers.Gradients);
            network.Evaluate(buffers);
        }));
    }

    [Fact]
    public void The_trainer_allocates_nothing_per_step()
    {
        var random = new Random(5);
        var features = new float[6400 * 784];
        for (var i = 0; i < features.Length; i++)
            features[i] = (float)random.NextDouble();
        var labels = Enumerable.Range(0, 6400).Select(i => i % 10).ToArray();
        var data = new Dataset(features, 784, labels, 10);
        var trainer = new Trainer(new Mlp(seed: 1), new Adam(1e-3f), new TrainerOptions { BatchSize = 64, Log = null });

        var epoch = AllocatedBy(() => trainer.TrainEpoch(data));

        // An epoch of 100 steps may allocate its result record, and nothing per step.
        Assert.True(epoch < 1024, $"an epoch of 100 steps allocated {epoch} bytes");
    }

    public static TheoryData<string> Optimizers => new() { "sgd", "nesterov", "adam", "adamw", "rmsprop", "adagrad" };

    /// <summary>
    /// Every optimizer, each with a schedule or the plateau callback, with augmentation, clipping, update ratios, L2 and
    /// a frozen convolution: an epoch of ten steps allocates exactly what an epoch of one step does, its result and log, so a
    /// step allocates nothing.
    /// </summary>
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_training_step_allocates_nothing_with_any_optimizer_schedule_augmentation_or_frozen_layer(string optimizer)
    {
        long EpochAllocation(int steps)
        {
            var random = new Random(6);
            var features = new float[steps * 16 * 36];
            for (var i = 0; i < features.Length; i++)
                features[i] = (float)random.NextDouble();
            var data = new Dataset(features, 36, Enumerable.Range(0, steps * 16).Select(i => i % 4).ToArray(), 4);
            var network = new WithL2(seed: 2);
            network.Freeze("conv1");
            var (step, schedule) = optimizer switch
            {
                "sgd" => ((IOptimizer)new Sgd(0.05f, weightDecay: 1e-4f), (ILearningRateSchedule?)new StepDecay(1, 0.9)),
                "nesterov" => (new Sgd(0.05f, momentum: 0.9f, nesterov: true), new ExponentialDecay(0.9)),
                "adam" => (new Adam(1e-3f, weightDecay: 1e-4f), new CosineAnnealing(epochs: 10)),
                "adamw" => (new AdamW(1e-3f), new LinearWarmup()),
                "rmsprop" => (new RmsProp(1e-3f, momentum: 0.9f), null),
                _ => (new AdaGrad(weightDecay: 1e-4f), new CosineAnnealing(epochs: 10)),
            };
            var options = new TrainerOptions
            {
                BatchSize = 16,
                Log = null,
                ClipGradientNorm = 1f,
                TrackUpdateRatios = true,
                Schedule = schedule,
                Augmentation = new AugmentationPipeline(new RandomCrop(1), new RandomHorizontalFlip(), new RandomRotation(10), new GaussianNoise(0.05)),
                Callbacks = schedule is null ? [new ReduceLearningRateOnPlateau(TrainingMetric.Loss, patience: 0)] : [],
            };
            var trainer = new Trainer(network, step, options);
            trainer.Fit(data, 1);
            return AllocatedBy(() => trainer.Fit(data, 1));
        }

        Assert.Equal(EpochAllocation(1), EpochAllocation(10));
    }

    /// <summary>With the dense products and every optimizer's update split over two threads, a training step and the
    /// update allocate nothing: the workers are started once and each call reuses its work item. The step is measured
    /// itself rather than as two epochs compared, whose totals differed by 48 bytes in a loaded test run, outside any step.</summary>
    [Theory]
    [MemberData(nameof(Optimizers))]
    public void A_training_step_on_two_threads_allocates_nothing(string kind)
    {
        var network = new Mlp(seed: 1);
        var buffers = network.CreateBuffers(64);
        buffers.Count = 64;
        var random = new Random(8);
        for (var i = 0; i < buffers.Inputs.Length; i++)
            buffers.Inputs[i] = (float)random.NextDouble();
        for (var i = 0; i < 64; i++)
            buffers.Labels[i] = i % 10;
        IOptimizer optimizer = kind switch
        {
            "sgd" => new Sgd(0.05f),
            "nesterov" => new Sgd(0.05f, momentum: 0.9f, nesterov: true),
            "adam" => new Adam(1e-3f),
            "adamw" => new AdamW(1e-3f),
            "rmsprop" => new RmsProp(1e-3f, momentum: 0.9f),
            _ => new AdaGrad(),
        };

        using (CpuThreads.Use(2))
        {
            Assert.Equal(0, AllocatedBy(() =>
            {
                network.TrainStep(buffers);
                optimizer.Step(network.Parameters, buffers.Gradients);
            }));
        }
    }

    [Theory]
    [InlineData("translation")]
    [InlineData("crop")]
    [InlineData("flip")]
    [InlineData("rotation")]
    [InlineData("noise")]
    [InlineData("pipeline")]
    public void The_trainer_allocates_nothing_per_step_with_any_augmentation(string kind)
    {
        IAugmentation augmentation = kind switch
        {
            "translation" => new RandomTranslation(2),
            "crop" => new RandomCrop(2),
            "flip" => new RandomHorizontalFlip(),
            "rotation" => new RandomRotation(10),
            "noise" => new GaussianNoise(0.1),
            _ => new AugmentationPipeline(new RandomCrop(2), new RandomHorizontalFlip(), new RandomRotation(10), new GaussianNoise(0.1)),
        };
        var random = new Random(5);
        var features = new float[1600 * 784];
        for (var i = 0; i < features.Length; i++)
            features[i] = (float)random.NextDouble();
        var data = new Dataset(features, 784, Enumerable.Range(0, 1600).Select(i => i % 10).ToArray(), 10);
        // Small batches make many steps cheaply, so that even a few bytes a step would pass the bound.
        var options = new TrainerOptions { BatchSize = 16, Log = null, Augmentation = augmentation };
        var trainer = new Trainer(new LeNet5(seed: 1), new Adam(1e-3f), options);

        var epoch = AllocatedBy(() => trainer.TrainEpoch(data));

        // As without augmentation: the epoch's result record, and nothing per step.
        Assert.True(epoch < 1024, $"an epoch of 100 steps with {kind} allocated {epoch} bytes");
    }

    [Fact]
    public void Predict_of_the_softmax_head_returns_the_softmax_of_its_logits()
    {
        var network = new SoftmaxHead(seed: 2);
        float[] input = [0.3f, -1f, 2f, 0.5f];
        var output = new float[3];

        network.Predict(input, output);

        var logits = Enumerable.Range(0, 3).Select(o => network.Dense1Bias.Data[o] + Enumerable.Range(0, 4).Sum(i => (double)network.Dense1Weight.Data[o * 4 + i] * input[i])).ToArray();
        var sum = logits.Sum(Math.Exp);
        for (var o = 0; o < 3; o++)
            Assert.Equal(Math.Exp(logits[o]) / sum, output[o], 5);
    }

    [Fact]
    public void Classify_of_millions_of_outputs_neither_overflows_the_stack_nor_allocates_after_the_first_call()
    {
        var network = new WideOutput(seed: 1);
        network.Dense1Bias.Data[2_345_678] = 100f;
        float[] input = [0.5f, -0.5f];

        Assert.Equal(2_345_678, network.Classify(input));
        Assert.Equal(0, AllocatedBy(() => network.Classify(input)));
    }

    [Fact]
    public void Predict_rejects_a_wrong_input_length_with_the_sizes()
    {
        var network = new Mlp();

        var e = Assert.Throws<ArgumentException>(() => network.Predict(new float[10], new float[10]));
        Assert.Contains("784", e.Message, StringComparison.Ordinal);
    }
}
