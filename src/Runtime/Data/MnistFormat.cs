namespace NetForge;

/// <summary>
/// Loads data sets stored as MNIST is: four IDX files of 28×28-style byte images and byte labels, each either
/// gzip-compressed with a <c>.gz</c> suffix or plain. Pixels are scaled to [0, 1] and then standardised with the
/// given mean and standard deviation, as torchvision's ToTensor and Normalize do.
/// </summary>
public static class MnistFormat
{
    /// <summary>The base name of the training images file.</summary>
    public const string TrainImagesFile = "train-images-idx3-ubyte";

    /// <summary>The base name of the training labels file.</summary>
    public const string TrainLabelsFile = "train-labels-idx1-ubyte";

    /// <summary>The base name of the test images file.</summary>
    public const string TestImagesFile = "t10k-images-idx3-ubyte";

    /// <summary>The base name of the test labels file.</summary>
    public const string TestLabelsFile = "t10k-labels-idx1-ubyte";

    /// <summary>The number of classes, digits or garment kinds 0 to 9.</summary>
    public const int ClassCount = 10;

    /// <summary>Loads the training and test sets from <paramref name="directory"/>.</summary>
    /// <param name="directory">The directory that holds the four files.</param>
    /// <param name="mean">The pixel mean, on the [0, 1] scale, subtracted from every pixel.</param>
    /// <param name="standardDeviation">The pixel standard deviation, on the [0, 1] scale, that divides every pixel.</param>
    /// <exception cref="ArgumentOutOfRangeException">The mean is not finite, the standard deviation is not positive
    /// and finite, or together they scale some pixel beyond the range of a float.</exception>
    /// <exception cref="DatasetNotFoundException">The directory or one of the files is missing.</exception>
    /// <exception cref="InvalidDataException">A file is not valid, or images and labels do not match.</exception>
    public static (Dataset Train, Dataset Test) Load(string directory, float mean, float standardDeviation) =>
        Load(directory, mean, standardDeviation, "MNIST-format",
            "Put the four files there, each gzip-compressed with a .gz suffix or plain.");

    internal static (Dataset Train, Dataset Test) Load(string directory, float mean, float standardDeviation, string dataName, string remedy)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var scale = Scale(mean, standardDeviation);
        // Every file is looked for before any is read, so a missing one is reported at once.
        var trainImages = Find(directory, TrainImagesFile, dataName, remedy);
        var trainLabels = Find(directory, TrainLabelsFile, dataName, remedy);
        var testImages = Find(directory, TestImagesFile, dataName, remedy);
        var testLabels = Find(directory, TestLabelsFile, dataName, remedy);
        return (LoadPair(trainImages, trainLabels, scale), LoadPair(testImages, testLabels, scale));
    }

    /// <summary>Loads only the test set, for an app that evaluates a trained network and never trains.</summary>
    internal static Dataset LoadTest(string directory, float mean, float standardDeviation, string dataName, string remedy)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var scale = Scale(mean, standardDeviation);
        var testImages = Find(directory, TestImagesFile, dataName, remedy);
        var testLabels = Find(directory, TestLabelsFile, dataName, remedy);
        return LoadPair(testImages, testLabels, scale);
    }

    private static float[] Scale(float mean, float standardDeviation)
    {
        if (!float.IsFinite(mean))
            throw new ArgumentOutOfRangeException(nameof(mean), mean, "The mean must be finite.");
        if (!(standardDeviation > 0) || !float.IsFinite(standardDeviation))
            throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation, "The standard deviation must be positive and finite.");
        var scale = new float[256];
        for (var b = 0; b < scale.Length; b++)
        {
            scale[b] = (b / 255f - mean) / standardDeviation;
            // Every feature is one of these 256 values, so checking them is the one finiteness check the images need;
            // checked here, the message can name the mean and standard deviation that made a value infinite.
            if (!float.IsFinite(scale[b]))
                throw new ArgumentOutOfRangeException(nameof(standardDeviation), standardDeviation,
                    FormattableString.Invariant($"The mean {mean} and standard deviation {standardDeviation} scale pixel {b} to {scale[b]}, which is not finite."));
        }
        return scale;
    }

    private static string Find(string directory, string baseName, string dataName, string remedy)
    {
        var plain = Path.Combine(directory, baseName);
        var compressed = plain + ".gz";
        if (File.Exists(compressed))
            return compressed;
        if (File.Exists(plain))
            return plain;
        var where = Directory.Exists(directory)
            ? FormattableString.Invariant($"{dataName} file '{compressed}' not found (nor '{plain}').")
            : FormattableString.Invariant($"{dataName} directory '{directory}' not found, so its file '{compressed}' is missing.");
        throw new DatasetNotFoundException(FormattableString.Invariant($"{where} {remedy}"), compressed);
    }

    private static Dataset LoadPair(string imagesPath, string labelsPath, float[] scale)
    {
        var labels = Idx.Read(labelsPath);
        var images = Idx.Read(imagesPath);
        var dimensions = images.Dimensions;
        if (dimensions.Length != 3)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{imagesPath}' holds an array of {dimensions.Length} dimensions; images need 3 (count, rows, columns)."));
        if (labels.Dimensions.Length != 1)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{labelsPath}' holds an array of {labels.Dimensions.Length} dimensions; labels need 1."));
        if (dimensions[0] != labels.Count)
            throw new InvalidDataException(
                FormattableString.Invariant($"'{imagesPath}' holds {dimensions[0]} images but '{labelsPath}' holds {labels.Count} labels."));

        var classes = new int[labels.Count];
        for (var i = 0; i < classes.Length; i++)
        {
            classes[i] = labels.Data[i];
            if (classes[i] >= ClassCount)
                throw new InvalidDataException(
                    FormattableString.Invariant($"'{labelsPath}' gives sample {i} the label {classes[i]}, outside 0 to {ClassCount - 1}."));
        }
        return Dataset.FromBytes(images.Data, dimensions[1] * dimensions[2], classes, ClassCount, scale);
    }
}
