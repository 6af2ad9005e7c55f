namespace NetForge.Plots.Tests;

/// <summary>The PNG encoder and the pixel font, read back by an independent decoder.</summary>
public class PictureTests
{
    [Fact]
    public void Every_pixel_comes_back_from_the_png_file_as_it_was_drawn()
    {
        var random = new Random(5);
        var picture = new Picture(37, 23, Rgb.White);
        var expected = new Rgb[37, 23];
        for (var y = 0; y < 23; y++)
        {
            for (var x = 0; x < 37; x++)
            {
                // Runs of one colour, as plots have, and noise, which the Sub filter wraps around.
                expected[x, y] = x < 10 ? new Rgb(10, 200, 30) : new Rgb((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                picture[x, y] = expected[x, y];
            }
        }

        var decoded = Decoded.Of(picture);

        Assert.Equal((37, 23), (decoded.Width, decoded.Height));
        for (var y = 0; y < 23; y++)
        {
            for (var x = 0; x < 37; x++)
                Assert.Equal(expected[x, y], decoded[x, y]);
        }
    }

    [Fact]
    public void A_glyph_is_drawn_at_its_place_and_scale_and_text_advances_by_six_font_pixels()
    {
        var picture = new Picture(40, 20, Rgb.White);

        PixelFont.Draw(picture, 2, 3, "TI", Rgb.Black, 2);

        var decoded = Decoded.Of(picture);
        // 'T': its top row is full, five font pixels of 2 x 2; its stem runs down the middle column.
        for (var x = 2; x < 12; x++)
            Assert.Equal(Rgb.Black, decoded[x, 3]);
        Assert.Equal(Rgb.White, decoded[2, 6]);
        Assert.Equal(Rgb.Black, decoded[6, 3 + 2 * 6]);
        // 'I' starts 6 font pixels on: its top row is .###.
        Assert.Equal(Rgb.White, decoded[14, 3]);
        Assert.Equal(Rgb.Black, decoded[16, 3]);
        Assert.Equal(22, PixelFont.Width("TI", 2));
    }

    [Fact]
    public void A_character_outside_the_font_is_drawn_as_a_question_mark()
    {
        var unknown = new Picture(10, 10, Rgb.White);
        var question = new Picture(10, 10, Rgb.White);

        PixelFont.Draw(unknown, 1, 1, "\u00e9", Rgb.Black);
        PixelFont.Draw(question, 1, 1, "?", Rgb.Black);

        Assert.Equal(Decoded.Of(question).Colours(0, 0, 10, 10), Decoded.Of(unknown).Colours(0, 0, 10, 10));
        for (var y = 0; y < 10; y++)
        {
            for (var x = 0; x < 10; x++)
                Assert.Equal(question[x, y], unknown[x, y]);
        }
    }
}
