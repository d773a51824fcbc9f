using Sage.Embeddings.Local;
using Xunit.Abstractions;

namespace Sage.Embeddings.Tests;

[Collection(EngineTests.Name)]
public sealed class ResNet18ModelTests(EngineFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task An_image_keeps_its_embedding_through_a_low_quality_reencode_and_other_content_does_not()
    {
        var original = Path.Combine(fixture.Folder, "known.png");
        var jpeg = Path.Combine(fixture.Folder, "known-low.jpg");
        var other = Path.Combine(fixture.Folder, "other.png");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x480:rate=1", "-frames:v", "1", original);
        await Ffmpeg.RunAsync("-i", original, "-q:v", "25", jpeg);
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "mandelbrot=size=640x480:rate=1", "-frames:v", "1", other);

        var a = Embed(await Ffmpeg.ReadRgb224Async(original));
        var b = Embed(await Ffmpeg.ReadRgb224Async(jpeg));
        var c = Embed(await Ffmpeg.ReadRgb224Async(other));

        var sameDistance = Cosine.Distance(a, b);
        var otherDistance = Cosine.Distance(a, c);
        output.WriteLine($"JPEG q25: {sameDistance:F4}, other content: {otherDistance:F4}");
        Assert.True(sameDistance < 0.05, $"re-encoded: {sameDistance}");
        Assert.True(otherDistance > 0.2, $"other content: {otherDistance}");
        Assert.True(otherDistance > 5 * sameDistance, $"re-encoded {sameDistance} vs other {otherDistance}");
    }

    [Fact]
    public async Task The_model_gives_512_values_and_the_same_values_every_time()
    {
        var image = Path.Combine(fixture.Folder, "repeat.png");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "smptehdbars=size=640x480:rate=1", "-frames:v", "1", image);
        var rgb = await Ffmpeg.ReadRgb224Async(image);

        var first = Embed(rgb);
        var second = Embed(rgb);

        Assert.Equal(ResNet18Model.FeatureLength, first.Length);
        Assert.Equal(first, second);
        Assert.Contains(first, v => v > 0);
    }

    private float[] Embed(byte[] rgb)
    {
        using var input = ResNet18Model.CreateInput();
        using var output = ResNet18Model.CreateOutput();
        using var runOptions = new Microsoft.ML.OnnxRuntime.RunOptions();
        fixture.Model.Preprocessor.Apply(rgb, input.Data);
        fixture.Model.Run(input, output, runOptions);
        return (float[])output.Data.Clone();
    }
}
