namespace NetForge.Plots;

/// <summary>
/// A 5 × 7 pixel font of the printable ASCII characters, drawn at whole-number scales, so that labels need no font file
/// and come out the same on every machine. A character outside the table is drawn as '?'.
/// </summary>
public static class PixelFont
{
    /// <summary>A glyph's width in font pixels, without the one-pixel gap that follows it.</summary>
    public const int GlyphWidth = 5;

    /// <summary>A glyph's height in font pixels.</summary>
    public const int GlyphHeight = 7;

    // One value per character from ' ' (32) to '~' (126): 35 bits, the seven rows from the top, five bits each, the
    // leftmost column in the row's highest bit.
    private static readonly long[] Glyphs =
    [
        0x000000000, 0x108421004, 0x294A00000, 0x295F57D4A, 0x11F4717C4, //   ! " # $
        0x632222263, 0x32544564D, 0x108800000, 0x088842082, 0x208210888, // % & ' ( )
        0x009575480, 0x0084F9080, 0x000003088, 0x0000F8000, 0x00000018C, // * + , - .
        0x002222200, 0x3A33AE62E, 0x11842108E, 0x3A211111F, 0x7C441062E, // / 0 1 2 3
        0x08CA97C42, 0x7E1E0862E, 0x1910F462E, 0x7C2222108, 0x3A317462E, // 4 5 6 7 8
        0x3A317844C, 0x018C03180, 0x018C03088, 0x088882082, 0x001F07C00, // 9 : ; < =
        0x208208888, 0x3A2111004, 0x3A216D6AE, 0x3A318FE31, 0x7A31F463E, // > ? @ A B
        0x3A308422E, 0x72518C65C, 0x7E10F421F, 0x7E10F4210, 0x3A30BC62F, // C D E F G
        0x4631FC631, 0x38842108E, 0x1C4210A4C, 0x4654C5251, 0x42108421F, // H I J K L
        0x4775AC631, 0x4639ACE31, 0x3A318C62E, 0x7A31F4210, 0x3A318D64D, // M N O P Q
        0x7A31F5251, 0x3E107043E, 0x7C8421084, 0x46318C62E, 0x46318C544, // R S T U V
        0x4631AD6AA, 0x462A22A31, 0x463151084, 0x7C222221F, 0x39084210E, // W X Y Z [
        0x020820820, 0x38421084E, 0x115100000, 0x00000001F, 0x208200000, // \\ ] ^ _ `
        0x000E0BE2F, 0x4216CC63E, 0x000E8422E, 0x042D9C62F, 0x000E8FE0E, // a b c d e
        0x1928E2108, 0x01F18BC2E, 0x4216CC631, 0x100C2108E, 0x080610A4C, // f g h i j
        0x4212A6292, 0x30842108E, 0x001AAD631, 0x0016CC631, 0x000E8C62E, // k l m n o
        0x001E8FA10, 0x000D9BC21, 0x0016CC210, 0x000E8383E, 0x211C42126, // p q r s t
        0x00118C66D, 0x00118C544, 0x00118D6AA, 0x001151151, 0x00118BC2E, // u v w x y
        0x001F1111F, 0x088441082, 0x108421084, 0x208411088, 0x0008A8800, // z { | } ~
    ];

    /// <summary>The width in pixels of <paramref name="text"/> at <paramref name="scale"/>.</summary>
    public static int Width(string text, int scale) => text.Length == 0 ? 0 : scale * (text.Length * (GlyphWidth + 1) - 1);

    /// <summary>The height in pixels of a line at <paramref name="scale"/>.</summary>
    public static int Height(int scale) => scale * GlyphHeight;

    /// <summary>Draws <paramref name="text"/> with its top left corner at (<paramref name="x"/>, <paramref name="y"/>),
    /// clipped to the picture.</summary>
    public static void Draw(Picture picture, int x, int y, string text, Rgb colour, int scale = 1)
    {
        ArgumentNullException.ThrowIfNull(picture);
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        foreach (var character in text)
        {
            var glyph = Glyphs[character is >= ' ' and <= '~' ? character - ' ' : '?' - ' '];
            for (var row = 0; row < GlyphHeight; row++)
            {
                for (var column = 0; column < GlyphWidth; column++)
                {
                    if ((glyph >> ((GlyphHeight - 1 - row) * GlyphWidth + (GlyphWidth - 1 - column)) & 1) != 0)
                        picture.Fill(x + column * scale, y + row * scale, scale, scale, colour);
                }
            }
            x += (GlyphWidth + 1) * scale;
        }
    }

    /// <summary>Draws <paramref name="text"/> centred on <paramref name="centreX"/>.</summary>
    public static void DrawCentred(Picture picture, int centreX, int y, string text, Rgb colour, int scale = 1) =>
        Draw(picture, centreX - Width(text, scale) / 2, y, text, colour, scale);

    /// <summary>Draws <paramref name="text"/> so that it ends at <paramref name="rightX"/>.</summary>
    public static void DrawRight(Picture picture, int rightX, int y, string text, Rgb colour, int scale = 1) =>
        Draw(picture, rightX - Width(text, scale), y, text, colour, scale);
}
