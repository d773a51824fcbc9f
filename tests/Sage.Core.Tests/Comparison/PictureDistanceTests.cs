using Sage.Core.Comparison;
using Sage.Core.Fingerprints;

namespace Sage.Core.Tests.Comparison;

public sealed class PictureDistanceTests
{
    [Theory]
    [InlineData(7)]
    [InlineData(384)]
    [InlineData(65_536)]
    public void Sums_and_peaks_agree_with_the_plain_loop_at_any_length(int length)
    {
        var random = new Random(length);
        var a = new byte[length];
        var b = new byte[length];
        random.NextBytes(a);
        random.NextBytes(b);
        // Lanes of 255 against 0 overflow a 16-bit accumulator long before 65,536 bytes.
        Array.Fill(a, (byte)255, 0, length / 2);
        Array.Fill(b, (byte)0, 0, length / 2);

        Assert.Equal(a.Zip(b, (x, y) => Math.Abs(x - y)).Sum(), PictureDistance.SumOfAbsoluteDifferences(a, b));
        Assert.Equal(a.Zip(b, (x, y) => Math.Abs(x - y)).Max(), PictureDistance.MaxAbsoluteDifference(a, b));
    }

    [Fact]
    public void A_descriptor_differs_from_itself_by_nothing()
    {
        var d = new byte[PictureTrack.DescriptorLength];
        new Random(3).NextBytes(d);

        Assert.Equal(0, PictureDistance.Mean(d, d));
        Assert.Equal(0, PictureDistance.Peak(d, d));
    }
}
