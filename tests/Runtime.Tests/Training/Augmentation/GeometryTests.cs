namespace NetForge.Runtime.Tests.Training.Augmentation;

public class GeometryTests
{
    private static readonly int[] Square = [1, 5, 5];

    /// <summary>An image whose every pixel differs, so that a result shows where each one went.</summary>
    private static float[] Distinct(int length) => Enumerable.Range(1, length).Select(i => (float)i).ToArray();

    /// <summary>A 1×5×5 image of zeros with a single 1 at its centre.</summary>
    private static float[] Dot(int count)
    {
        var batch = new float[count * 25];
        for (var n = 0; n < count; n++)
            batch[n * 25 + 12] = 1;
        return batch;
    }

    [Fact]
    public void Translate_moves_each_pixel_by_the_offset_and_fills_zeros()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18];

        var down = (float[])image.Clone();
        RandomTranslation.Translate(down, channels: 2, height: 3, width: 3, down: 1, right: -1);
        var up = (float[])image.Clone();
        RandomTranslation.Translate(up, channels: 2, height: 3, width: 3, down: -1, right: 2);
        var gone = (float[])image.Clone();
        RandomTranslation.Translate(gone, channels: 2, height: 3, width: 3, down: 0, right: 3);

        Assert.Equal([0, 0, 0, 2, 3, 0, 5, 6, 0, 0, 0, 0, 11, 12, 0, 14, 15, 0], down);
        Assert.Equal([0, 0, 4, 0, 0, 7, 0, 0, 0, 0, 0, 13, 0, 0, 16, 0, 0, 0], up);
        Assert.Equal(new float[18], gone);
    }

    [Fact]
    public void Translate_along_a_row_moves_it_in_place()
    {
        float[] image = [1, 2, 3, 4];

        RandomTranslation.Translate(image, channels: 1, height: 1, width: 4, down: 0, right: 1);

        Assert.Equal([0, 1, 2, 3], image);
    }

    [Theory]
    [InlineData("translation")]
    [InlineData("crop")]
    public void Shifts_stay_within_the_limit_and_every_one_of_them_occurs(string kind)
    {
        IAugmentation augmentation = kind == "crop" ? new RandomCrop(padding: 1) : new RandomTranslation(maxPixels: 1);
        const int count = 400;
        var batch = Dot(count);

        augmentation.Apply(batch, count, Square, seed: 7);

        var seen = new int[3, 3];
        for (var n = 0; n < count; n++)
        {
            var sample = batch.AsSpan(n * 25, 25);
            var at = sample.IndexOf(1f);
            Assert.InRange(at, 0, 24);
            Assert.Equal(1, sample.ToArray().Sum());
            var (down, right) = (at / 5 - 2, at % 5 - 2);
            Assert.InRange(down, -1, 1);
            Assert.InRange(right, -1, 1);
            seen[down + 1, right + 1]++;
        }
        // Each of the nine shifts is drawn with probability 1/9, about 44 times in 400; 20 is far below that.
        foreach (var times in seen)
            Assert.True(times >= 20, $"a shift occurred only {times} times in {count}");
    }

    [Fact]
    public void A_random_crop_is_the_padded_image_cut_back_to_size_so_it_keeps_values_and_fills_zeros()
    {
        const int count = 50;
        var original = Distinct(16);
        var batch = new float[count * 16];
        for (var n = 0; n < count; n++)
            original.CopyTo(batch, n * 16);

        new RandomCrop(padding: 2).Apply(batch, count, [1, 4, 4], seed: 3);

        for (var n = 0; n < count; n++)
        {
            var crop = batch.AsSpan(n * 16, 16);
            var matches = 0;
            for (var top = 0; top <= 4; top++)
            {
                for (var left = 0; left <= 4; left++)
                {
                    if (crop.SequenceEqual(Crop(original, 4, 4, padding: 2, top, left)))
                        matches++;
                }
            }
            Assert.True(matches >= 1, $"sample {n} is no crop of the padded image: [{string.Join(", ", crop.ToArray())}]");
        }
    }

    /// <summary>Pads a 1×h×w image with zeros, as torchvision's RandomCrop does, and cuts h×w out at (top, left).</summary>
    private static float[] Crop(float[] image, int height, int width, int padding, int top, int left)
    {
        var padded = new float[(height + 2 * padding) * (width + 2 * padding)];
        for (var y = 0; y < height; y++)
            image.AsSpan(y * width, width).CopyTo(padded.AsSpan((y + padding) * (width + 2 * padding) + padding));
        var crop = new float[height * width];
        for (var y = 0; y < height; y++)
            padded.AsSpan((y + top) * (width + 2 * padding) + left, width).CopyTo(crop.AsSpan(y * width));
        return crop;
    }

    [Fact]
    public void A_flip_mirrors_every_row_of_every_channel()
    {
        float[] image = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

        new RandomHorizontalFlip(probability: 1).Apply(image, 2, [1, 2, 3], seed: 0);

        Assert.Equal([3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10], image);
    }

    [Fact]
    public void A_flip_with_probability_one_half_flips_about_half_the_images_and_with_zero_none()
    {
        const int count = 2000;
        var batch = new float[count * 2];
        for (var n = 0; n < count; n++)
            batch[2 * n] = 1;
        var unchanged = (float[])batch.Clone();

        new RandomHorizontalFlip().Apply(batch, count, [1, 1, 2], seed: 5);
        new RandomHorizontalFlip(probability: 0).Apply(unchanged, count, [1, 1, 2], seed: 5);

        var flipped = Enumerable.Range(0, count).Count(n => batch[2 * n] == 0);
        // The standard deviation of the count is √(2000/4) ≈ 22; the bounds are 4.5 of them away.
        Assert.InRange(flipped, 900, 1100);
        Assert.All(Enumerable.Range(0, count), n => Assert.Equal(1, unchanged[2 * n]));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_rotation_by_90_degrees_of_a_square_image_is_its_transpose_flipped_upside_down(int size)
    {
        var image = Distinct(2 * size * size);
        var rotated = (float[])image.Clone();

        RandomRotation.Rotate(rotated, new float[image.Length], 2, size, size, degrees: 90);

        // Counter-clockwise as seen, numpy's rot90: pixel (y, x) takes (x, size − 1 − y).
        for (var c = 0; c < 2; c++)
        {
            for (var y = 0; y < size; y++)
            {
                for (var x = 0; x < size; x++)
                    Assert.Equal(image[c * size * size + x * size + (size - 1 - y)], rotated[c * size * size + y * size + x], 1e-5);
            }
        }
    }

    [Fact]
    public void A_rotation_by_0_degrees_changes_nothing_and_one_by_180_turns_the_image_over()
    {
        var image = Distinct(12);
        var same = (float[])image.Clone();
        var turned = (float[])image.Clone();

        RandomRotation.Rotate(same, new float[12], 1, 3, 4, degrees: 0);
        RandomRotation.Rotate(turned, new float[12], 1, 3, 4, degrees: 180);
        new RandomRotation(maxDegrees: 0).Apply(same, 1, [1, 3, 4], seed: 1);

        Assert.Equal(image, same);
        for (var i = 0; i < 12; i++)
            Assert.Equal(image[11 - i], turned[i], 1e-5);
    }

    [Fact]
    public void A_rotation_between_pixels_interpolates_and_fills_what_comes_from_outside_with_zeros()
    {
        var image = new float[49];
        image.AsSpan().Fill(1);

        RandomRotation.Rotate(image, new float[49], 1, 7, 7, degrees: 45);

        // The centre stays. A corner, 3√2 ≈ 4.24 pixels from it, reads from 1.24 pixels beyond an edge.
        Assert.Equal(1, image[24], 1e-6);
        Assert.Equal(0, image[0]);
        Assert.Equal(0, image[48]);
        // Pixel (0, 3) reads from (0.88, 5.12), whose four neighbours lie inside, so interpolated ones give one.
        Assert.Equal(1, image[3], 1e-5);
        // Pixel (1, 0) reads from (−0.54, 2.29): the neighbours above the image weigh 0.54 and count as zeros.
        Assert.Equal(4 - 2.5 * Math.Sqrt(2), image[7], 1e-5);
    }

    [Fact]
    public void Random_rotations_stay_within_the_limit_and_turn_both_ways()
    {
        const int count = 200;
        // A dot three pixels right of the centre of a 9×9 image: after turning, the angle of its centre of mass
        // about the image's centre is the rotation's, to within a degree or two of interpolation.
        var batch = new float[count * 81];
        for (var n = 0; n < count; n++)
            batch[n * 81 + 4 * 9 + 7] = 1;

        new RandomRotation(maxDegrees: 30).Apply(batch, count, [1, 9, 9], seed: 2);

        var angles = new double[count];
        for (var n = 0; n < count; n++)
        {
            double u = 0, v = 0;
            for (var i = 0; i < 81; i++)
            {
                u += batch[n * 81 + i] * (i % 9 - 4);
                v += batch[n * 81 + i] * (i / 9 - 4);
            }
            angles[n] = Math.Atan2(-v, u) * 180 / Math.PI;
        }
        Assert.All(angles, a => Assert.InRange(a, -32, 32));
        Assert.True(angles.Min() < -25 && angles.Max() > 25, $"angles from {angles.Min():F1} to {angles.Max():F1}");
        Assert.InRange(angles.Average(), -5, 5);
    }

    [Fact]
    public void Noise_has_mean_zero_the_standard_deviation_asked_for_and_a_normal_shape()
    {
        const int count = 64;
        var batch = new float[count * 1024];

        new GaussianNoise(standardDeviation: 0.5).Apply(batch, count, [1, 32, 32], seed: 9);

        var mean = batch.Average(x => (double)x);
        var std = Math.Sqrt(batch.Average(x => (x - mean) * (x - mean)));
        var withinOne = batch.Count(x => Math.Abs(x) < 0.5) / (double)batch.Length;
        // 65,536 values: the standard errors are 0.002 for the mean, 0.0014 for the deviation and 0.0018 for the
        // fraction within one deviation (0.6827 for a normal distribution); the bounds are about five of them.
        Assert.InRange(mean, -0.01, 0.01);
        Assert.InRange(std, 0.493, 0.507);
        Assert.InRange(withinOne, 0.673, 0.692);
    }

    [Fact]
    public void A_pipeline_runs_its_stages_in_order_each_with_its_own_seed()
    {
        var image = Distinct(50);
        var expected = (float[])image.Clone();
        var translation = new RandomTranslation(maxPixels: 2);
        var pipeline = new AugmentationPipeline(new RandomHorizontalFlip(probability: 1), translation);

        pipeline.Apply(image, 2, Square, seed: 4);
        new RandomHorizontalFlip(probability: 1).Apply(expected, 2, Square, ImageBatch.Derive(4, 0));
        translation.Apply(expected, 2, Square, ImageBatch.Derive(4, 1));

        Assert.Equal(expected, image);
        Assert.Equal(2, pipeline.Stages.Count);
        var untouched = Distinct(25);
        new AugmentationPipeline().Apply(untouched, 1, Square, seed: 4);
        Assert.Equal(Distinct(25), untouched);
    }
}
