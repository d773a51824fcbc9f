using Sage.Embeddings.Local;

namespace Sage.Embeddings.Tests;

public sealed class ModelFrameScheduleTests
{
    [Fact]
    public void At_30_frames_per_second_the_model_takes_every_15th_frame_for_2_per_second()
    {
        var taken = Taken(new ModelFrameSchedule(30, 2), frames: 91);

        Assert.Equal([(0, 0L, 1), (15, 1L, 1), (30, 2L, 1), (45, 3L, 1), (60, 4L, 1), (75, 5L, 1), (90, 6L, 1)], taken);
    }

    [Fact]
    public void At_25_frames_per_second_each_sample_takes_the_nearest_frame()
    {
        var schedule = new ModelFrameSchedule(25, 2);

        var taken = Taken(schedule, frames: 51).Select(t => t.Frame).ToArray();

        // Samples at 0, 0.5, 1, 1.5, 2 s; 0.5 s lies between frames 12 (0.48 s) and 13 (0.52 s) and takes the later.
        Assert.Equal([0, 13, 25, 38, 50], taken);
        Assert.Equal(1.5, schedule.TimeOf(3));
    }

    [Fact]
    public void A_model_rate_above_the_picture_rate_uses_a_frame_for_several_samples()
    {
        var taken = Taken(new ModelFrameSchedule(10, 30), frames: 10);

        Assert.Equal(Enumerable.Range(0, taken.Count).Select(i => (long)taken.Take(i).Sum(t => t.Count)), taken.Select(t => t.First));
        Assert.Equal(10, taken.Count);
        Assert.All(taken.Skip(1), t => Assert.Equal(3, t.Count));
    }

    private static List<(int Frame, long First, int Count)> Taken(ModelFrameSchedule schedule, int frames)
    {
        var taken = new List<(int, long, int)>();
        for (var frame = 0; frame < frames; frame++)
        {
            var count = schedule.SamplesOn(frame, out var first);
            if (count > 0)
            {
                taken.Add((frame, first, count));
            }
        }

        return taken;
    }
}
