using Sage.Embeddings.Local;

namespace Sage.Embeddings.Tests;

public sealed class ClipPlanTests
{
    [Theory]
    [InlineData(30.0, 2.0, 15)]
    [InlineData(30.02, 2.0, 15)] // 0.02 s tail merges into clip 14
    [InlineData(30.6, 2.0, 16)] // 0.6 s tail is its own clip
    [InlineData(7.3, 2.0, 4)]
    [InlineData(8.3, 2.0, 4)] // 0.3 s tail merges
    [InlineData(1.2, 2.0, 1)] // shorter than one clip
    [InlineData(0.3, 2.0, 1)]
    [InlineData(25.0, 10.0, 3)]
    [InlineData(20.4, 10.0, 2)]
    public void Count_is_ceil_of_duration_over_length_with_a_short_tail_merged(double duration, double length, int expected)
    {
        var plan = ClipPlan.For(duration, length);

        Assert.Equal(expected, plan.Count);
    }

    [Theory]
    [InlineData(30.0, 2.0)]
    [InlineData(30.02, 2.0)]
    [InlineData(8.3, 2.0)]
    [InlineData(0.3, 2.0)]
    [InlineData(37.7, 6.0)]
    public void Clips_cover_the_whole_duration_without_gaps(double duration, double length)
    {
        var plan = ClipPlan.For(duration, length);

        Assert.Equal(0, plan.StartOf(0));
        Assert.Equal(duration, plan.EndOf(plan.Count - 1));
        for (var i = 0; i < plan.Count; i++)
        {
            Assert.True(plan.EndOf(i) > plan.StartOf(i));
            Assert.True(plan.EndOf(i) - plan.StartOf(i) < length + ClipPlan.MinTailSeconds);
            if (i > 0)
            {
                Assert.Equal(plan.EndOf(i - 1), plan.StartOf(i));
            }
        }
    }

    [Fact]
    public void Moments_past_the_probed_end_belong_to_the_last_clip()
    {
        var plan = ClipPlan.For(8.3, 2);

        Assert.Equal(0, plan.ClipAt(0));
        Assert.Equal(1, plan.ClipAt(2.0));
        Assert.Equal(3, plan.ClipAt(8.1));
        Assert.Equal(3, plan.ClipAt(9.5));
    }
}
