using Sage.Core.Embeddings;

namespace Sage.Core.Comparison;

/// <summary>
/// One video's clips prepared for comparison: a time grid that tiles [0, duration], unit vectors per option, and
/// the weighted concatenation the alignment runs on.
/// </summary>
/// <remarks>
/// The concatenation holds √wₒ·âₒ for every option with weight wₒ &gt; 0 (weights summing to 1), so one dot
/// product of two concatenations is Σ wₒ·cosₒ and 1 minus it is the weighted mean of the per-option cosine
/// distances: one SIMD pass per clip pair instead of one per option.
/// </remarks>
internal sealed class ClipSequence
{
    private ClipSequence(double[] boundaries, ClipVectors[] options, ClipVectors combined)
    {
        Boundaries = boundaries;
        OptionVectors = options;
        Combined = combined;
    }

    public int Count => Boundaries.Length - 1;

    /// <summary>Clip k spans [Boundaries[k], Boundaries[k+1]); Boundaries[0] is 0 and the last is the duration.</summary>
    public double[] Boundaries { get; }

    public double Duration => Boundaries[^1];

    /// <summary>Unit vectors per option, in the order of the comparison's options.</summary>
    public ClipVectors[] OptionVectors { get; }

    public ClipVectors Combined { get; }

    /// <summary>
    /// Builds the sequence. The time grid is the clips of the option with the most clips; another option's
    /// vector for a grid clip is its clip whose midpoint is nearest (the same clip when the options share a grid,
    /// as TwelveLabs' do).
    /// </summary>
    public static ClipSequence Create(EmbeddingSet set, IReadOnlyList<string> options, IReadOnlyList<double> weights, string name)
    {
        var clipsPerOption = options.Select(set.Clips).ToArray();
        var grid = clipsPerOption.Length == 0 ? [] : clipsPerOption.MaxBy(c => c.Count)!;
        var count = grid.Count;

        var duration = clipsPerOption.SelectMany(c => c).Select(c => c.End).DefaultIfEmpty(0).Max();
        var boundaries = new double[count + 1];
        for (var k = 1; k < count; k++)
        {
            boundaries[k] = Math.Clamp(grid[k].Start, boundaries[k - 1], duration);
        }

        boundaries[count] = Math.Max(duration, count > 0 ? boundaries[count - 1] : 0);

        var stride = ClipVectors.PaddedLength(set.Dimension);
        var optionVectors = new ClipVectors[options.Count];
        for (var o = 0; o < options.Count; o++)
        {
            var clips = clipsPerOption[o];
            var data = new float[(long)count * stride];
            var source = 0;
            for (var k = 0; k < count; k++)
            {
                source = NearestClip(clips, grid[k], source, clips.Count == count ? k : -1);
                var vector = clips[source].Vector;
                if (vector.Length != set.Dimension)
                {
                    throw new ArgumentException(
                        $"Video {name}: a '{options[o]}' clip at {clips[source].Start:0.###} s has {vector.Length} values; the set's dimension is {set.Dimension}.",
                        name);
                }

                var target = data.AsSpan(k * stride, stride);
                vector.CopyTo(target);
                ClipVectors.Normalize(target);
            }

            optionVectors[o] = new ClipVectors(count, stride, data);
        }

        var weighted = Enumerable.Range(0, options.Count).Where(o => weights[o] > 0).ToArray();
        var combinedStride = stride * weighted.Length;
        var combined = new float[(long)count * combinedStride];
        for (var k = 0; k < count; k++)
        {
            for (var w = 0; w < weighted.Length; w++)
            {
                var o = weighted[w];
                var scale = (float)Math.Sqrt(weights[o]);
                ClipVectors.Scale(optionVectors[o][k], combined.AsSpan((k * combinedStride) + (w * stride), stride), scale);
            }
        }

        return new ClipSequence(boundaries, optionVectors, new ClipVectors(count, combinedStride, combined));
    }

    /// <summary>Index of the clip whose midpoint is nearest the grid clip's; clips are in time order, so scanning resumes at <paramref name="from"/>.</summary>
    private static int NearestClip(IReadOnlyList<EmbeddingSegment> clips, EmbeddingSegment gridClip, int from, int sameIndex)
    {
        if (sameIndex >= 0)
        {
            return sameIndex;
        }

        var mid = (gridClip.Start + gridClip.End) / 2;
        var best = from;
        while (best + 1 < clips.Count &&
               Math.Abs(((clips[best + 1].Start + clips[best + 1].End) / 2) - mid) <= Math.Abs(((clips[best].Start + clips[best].End) / 2) - mid))
        {
            best++;
        }

        return best;
    }
}
