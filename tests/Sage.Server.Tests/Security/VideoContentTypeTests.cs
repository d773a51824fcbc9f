using System.Text;
using Sage.Server.Infrastructure;
using Sage.Server.Uploads;
using Sage.Server.Videos;

namespace Sage.Server.Tests.Security;

public sealed class VideoContentTypeTests
{
    [Theory]
    [InlineData("video/x, text/html")]
    [InlineData("video/mp4,text/html")]
    [InlineData("video/mp4 text/html")]
    [InlineData("video/mp4; a=b, text/html")]
    [InlineData("video/")]
    [InlineData("video/<script>")]
    [InlineData("text/html")]
    public void A_Declared_Type_That_Is_Not_Exactly_One_Video_Type_Is_Refused(string declared) =>
        Assert.Null(VideoContentType.Resolve(declared, "clip.mp4"));

    [Theory]
    [InlineData("video/mp4", "video/mp4")]
    [InlineData("Video/MP4; codecs=\"avc1\"", "video/mp4")]
    [InlineData("application/octet-stream", "video/mp4")]
    [InlineData(null, "video/mp4")]
    public void A_Plain_Video_Type_Or_A_Generic_One_With_A_Video_Name_Passes(string? declared, string expected) =>
        Assert.Equal(expected, VideoContentType.Resolve(declared, "clip.mp4"));

    [Theory]
    [InlineData("mp4", "video/mp4")]
    [InlineData("mov", "video/quicktime")]
    [InlineData("matroska", "video/x-matroska")]
    [InlineData("webm", "video/webm")]
    [InlineData("avi", "video/x-msvideo")]
    [InlineData("flv", "video/x-flv")]
    [InlineData("mpeg-ps", "video/mpeg")]
    [InlineData("mpeg-ts", "video/mp2t")]
    [InlineData("m2ts", "video/mp2t")]
    public void The_Stored_Type_Comes_From_The_Container(string container, string expected) =>
        Assert.Equal(expected, VideoContentType.ForContainer(container));

    [Theory]
    [InlineData("video/x, text/html", "clip.mp4", "video/mp4")]
    [InlineData("text/html", "page.html", "application/octet-stream")]
    [InlineData("video/x, text/html", "page.html", "application/octet-stream")]
    [InlineData("video/webm", "x.html", "video/webm")]
    [InlineData("video/something-made-up", "x", "application/octet-stream")]
    public void A_Stored_Row_Is_Served_Only_As_A_Known_Video_Type_Or_Octet_Stream(string stored, string fileName, string expected) =>
        Assert.Equal(expected, VideoContentType.ForServing(stored, fileName));

    [Fact]
    public void Quicktime_Brand_And_WebM_DocType_Are_Told_Apart()
    {
        byte[] qt = [0, 0, 0, 0x14, .. "ftypqt  "u8, 0, 0, 0, 0, .. "qt  "u8];
        Assert.Equal("mov", ContainerSignature.Detect(qt));
        byte[] webm = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0xF7, 0x81, 0x01, 0x42, 0xF2, 0x81, 0x04, 0x42, 0xF3, 0x81, 0x08, 0x42, 0x82, 0x84, .. "webm"u8, 0x42, 0x87, 0x81, 0x04];
        Assert.Equal("webm", ContainerSignature.Detect(webm));
        byte[] mkv = [0x1A, 0x45, 0xDF, 0xA3, 0x9F, 0x42, 0x86, 0x81, 0x01, 0x42, 0x82, 0x88, .. "matroska"u8];
        Assert.Equal("matroska", ContainerSignature.Detect(mkv));
    }

    [Theory]
    [InlineData("clip.mp4", "inline; filename=\"clip.mp4\"; filename*=UTF-8''clip.mp4")]
    [InlineData("a \"b\"\\c.mp4", "inline; filename=\"a _b__c.mp4\"; filename*=UTF-8''a%20%22b%22%5Cc.mp4")]
    [InlineData("évian 100%.mp4", "inline; filename=\"_vian 100_.mp4\"; filename*=UTF-8''%C3%A9vian%20100%25.mp4")]
    [InlineData("x\r\nSet-Cookie: a.mp4", "inline; filename=\"x__Set-Cookie: a.mp4\"; filename*=UTF-8''x%0D%0ASet-Cookie%3A%20a.mp4")]
    public void Content_Disposition_Has_An_Ascii_Fallback_And_An_Exact_Utf8_Name(string fileName, string expected)
    {
        var header = SecurityHeaders.ContentDisposition(fileName);
        Assert.Equal(expected, header);
        Assert.True(Encoding.ASCII.GetBytes(header).All(b => b is >= 0x20 and < 0x7F));
    }
}

public sealed class DisplayNameTests
{
    [Theory]
    [InlineData("clip\u202Egpj.exe", "clipgpj.exe")]
    [InlineData("\u2066a\u2067b\u2068c\u2069.mp4", "abc.mp4")]
    [InlineData("\u200Ex\u200F\u061Cy\u202A\u202B\u202C\u202D.mp4", "xy.mp4")]
    [InlineData("مرحبا.mp4", "مرحبا.mp4")]
    public void Bidi_Controls_Are_Stripped_From_Display_Names(string fileName, string expected) =>
        Assert.Equal(expected, VideoIngest.DisplayName(fileName));
}
