using Microsoft.ML.OnnxRuntime;
using Sage.Embeddings.Local;

namespace Sage.Embeddings.Tests;

[Collection(EngineTests.Name)]
public sealed class ResNetPreprocessorTests(EngineFixture fixture)
{
    private static string PreprocessModelPath => new LocalEngineOptions().ResolvedPreprocessModelPath;

    [Fact]
    public void Model_files_are_copied_next_to_the_tests()
    {
        var options = new LocalEngineOptions();
        Assert.True(File.Exists(options.ResolvedModelPath), options.ResolvedModelPath);
        Assert.True(File.Exists(options.ResolvedPreprocessModelPath), options.ResolvedPreprocessModelPath);
    }

    [Fact]
    public async Task Csharp_preprocessing_matches_ResNetPreprocess_onnx_on_a_real_image()
    {
        var image = Path.Combine(fixture.Folder, "preprocess.png");
        await Ffmpeg.RunAsync("-f", "lavfi", "-i", "testsrc2=size=640x480:rate=1", "-frames:v", "1", image);
        var rgb = await Ffmpeg.ReadRgb224Async(image);

        using var session = new InferenceSession(PreprocessModelPath);
        var expected = ResNetPreprocessor.RunPreprocessModel(session, ResNetPreprocessor.ToPlanarRgb(rgb));
        var actual = new float[ResNetPreprocessor.TensorLength];
        fixture.Model.Preprocessor.Apply(rgb, actual);

        Assert.Equal(expected.Length, actual.Length);
        var maxError = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxError < 1e-4, $"max |C# - onnx| = {maxError}");
    }

    [Fact]
    public void Preprocess_model_swaps_to_BGR_and_subtracts_a_Caffe_mean_without_scaling()
    {
        // Evidence for what the C# code does: a pure red image, all 255 in plane 0 (R) of the input.
        using var session = new InferenceSession(PreprocessModelPath);
        var planarRgb = new float[ResNetPreprocessor.TensorLength];
        planarRgb.AsSpan(0, ResNetPreprocessor.PlaneLength).Fill(255);
        var zero = ResNetPreprocessor.RunPreprocessModel(session, new float[ResNetPreprocessor.TensorLength]);
        var red = ResNetPreprocessor.RunPreprocessModel(session, planarRgb);

        var plane = ResNetPreprocessor.PlaneLength;
        double ChannelMean(float[] values, int channel) => values.Skip(channel * plane).Take(plane).Average(v => -v);
        // -output of a black image is the mean image: B, G, R planes averaging about 103, 116, 123 (Caffe's ImageNet mean).
        Assert.InRange(ChannelMean(zero, 0), 100, 106);
        Assert.InRange(ChannelMean(zero, 1), 113, 119);
        Assert.InRange(ChannelMean(zero, 2), 120, 126);
        // Red lands in the LAST output plane, unscaled (255 - mean), and the first two planes are unchanged.
        Assert.Equal(255f, red[(2 * plane) + 1000] - zero[(2 * plane) + 1000], 3);
        Assert.Equal(zero[1000], red[1000]);
        Assert.Equal(zero[plane + 1000], red[plane + 1000]);
    }
}
