using System.Text;
using System.Text.RegularExpressions;

namespace Sage.Storage.Tests;

public sealed class ObjectKeysTests
{
    public static TheoryData<string> HostileNames => new()
    {
        "../../etc/passwd",
        "..\\..\\windows\\system32\\config",
        "\u0000",
        "a\u0000b.mp4",
        new string('x', 1000) + ".mp4",
        string.Concat(Enumerable.Repeat("🎬", 300)) + ".mov",
        "",
        ".",
        "..",
        "...",
        "CON",
        "con.mp4",
        "LPT1.txt",
        "movie\u202Egpj.exe",
        "trailing dots and spaces. . .",
        ".hidden.mp4",
        "line\r\nbreak.mp4",
        "C:\\Users\\me\\Videos\\holiday.mp4",
        "/absolute/path/clip.mp4",
        "what?*<>|\":.mp4",
        "%2e%2e%2fescape.mp4",
        "Ünïcødé 東京 🎬.mp4",
        "   ",
        "name.with.many.dots.mkv",
        "e\u0301\u0301\u0301 combining.webm",
    };

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Sanitized_Names_Are_One_Safe_Segment(string hostileName)
    {
        var name = ObjectKeys.SanitizeFileName(hostileName);

        Assert.NotEmpty(name);
        Assert.InRange(Encoding.UTF8.GetByteCount(name), 1, ObjectKeys.MaxFileNameBytes);
        Assert.DoesNotContain('/', name);
        Assert.DoesNotContain('\\', name);
        Assert.DoesNotContain(name, c => char.IsControl(c) || c == '\u202E');
        Assert.False(name.StartsWith('.'), name);
        Assert.False(name.EndsWith('.') || name.EndsWith(' '), name);
        Assert.NotEqual("..", name);
        Assert.DoesNotMatch(new Regex("^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\\.|$)", RegexOptions.IgnoreCase), name);
        Assert.Equal(name, ObjectKeys.SanitizeFileName(name)); // stable
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void Video_Keys_From_Hostile_Names_Stay_Under_Their_Video(string hostileName)
    {
        var id = Guid.NewGuid();

        var key = ObjectKeys.ForVideo(id, hostileName);

        Assert.True(ObjectKeys.IsValid(key, out var reason), reason);
        Assert.Equal(3, key.Split('/').Length);
        Assert.StartsWith($"videos/{id:D}/", key, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Users\\me\\holiday.mp4", "holiday.mp4")]
    [InlineData("", "video")]
    [InlineData("..", "video")]
    [InlineData(".mp4", "mp4")]
    [InlineData("\u0000", "video")]
    [InlineData("CON", "_CON")]
    [InlineData("con.mp4", "_con.mp4")]
    [InlineData("movie\u202Egpj.exe", "moviegpj.exe")]
    [InlineData("what?*<>|\":.mp4", "what_______.mp4")]
    [InlineData("Ünïcødé 東京 🎬.mp4", "Ünïcødé 東京 🎬.mp4")]
    [InlineData("clip.final. .", "clip.final")]
    [InlineData("tab\there.mp4", "tabhere.mp4")]
    public void Sanitizing_Examples(string input, string expected)
    {
        Assert.Equal(expected, ObjectKeys.SanitizeFileName(input));
    }

    [Fact]
    public void Long_Names_Are_Cut_To_120_Bytes_Keeping_The_Extension_And_Whole_Characters()
    {
        var name = ObjectKeys.SanitizeFileName(string.Concat(Enumerable.Repeat("🎬", 300)) + ".mov");

        // (120 - 4 bytes of ".mov") / 4 bytes per emoji = 29 whole emoji.
        Assert.Equal(string.Concat(Enumerable.Repeat("🎬", 29)) + ".mov", name);
        Assert.DoesNotContain("\uFFFD", Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(name)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("videos/abc/clip.mp4")]
    [InlineData("thumbnails/x.jpg")]
    [InlineData("videos/abc/Ünïcødé 東京 🎬.mp4")]
    public void Plain_Relative_Keys_Are_Valid(string key)
    {
        Assert.True(ObjectKeys.IsValid(key, out var reason), reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("videos/../../outside")]
    [InlineData("videos/./x")]
    [InlineData("videos//x")]
    [InlineData("videos/x/")]
    [InlineData("videos\\x")]
    [InlineData("videos/\u0000")]
    [InlineData("videos/a\nb")]
    [InlineData("..")]
    public void Keys_That_Could_Escape_Or_Break_A_Store_Are_Rejected(string key)
    {
        Assert.False(ObjectKeys.IsValid(key, out _));
        Assert.Throws<ArgumentException>(() => ObjectKeys.Validate(key));
    }

    [Fact]
    public void Keys_With_A_Lone_Surrogate_Are_Rejected()
    {
        // Not as InlineData: xunit's serialisation would replace the lone surrogate.
        Assert.False(ObjectKeys.IsValid("videos/\uD800", out _));
        Assert.False(ObjectKeys.IsValid("videos/\uDC00x", out _));
        Assert.Equal("x.mp4", ObjectKeys.SanitizeFileName("x\uD800.mp4"));
    }

    [Fact]
    public void Keys_Over_1024_Bytes_Are_Rejected()
    {
        Assert.False(ObjectKeys.IsValid(new string('a', 1025), out _));
        Assert.True(ObjectKeys.IsValid(new string('a', 1024), out _));
    }
}
