namespace Sage.Core.Comparison;

/// <summary>Turns a path (or re-classified steps) into steps, merged regions and totals.</summary>
internal static class ComparisonResultBuilder
{
    /// <summary>Walks the path, measuring each pair per option; then picks the threshold and classifies.</summary>
    public static ComparisonResult FromPath(
        ComparisonMode mode,
        AlignmentMove[] moves,
        ClipSequence a,
        ClipSequence b,
        IReadOnlyList<string> options,
        IReadOnlyDictionary<string, double> weights,
        double? threshold)
    {
        var distances = new double?[moves.Length];
        var optionDistances = new double[]?[moves.Length];
        int i = 0, j = 0;
        for (var s = 0; s < moves.Length; s++)
        {
            if (moves[s] == AlignmentMove.Pair)
            {
                distances[s] = a.Combined.Distance(i, b.Combined, j);
                var perOption = new double[options.Count];
                for (var o = 0; o < perOption.Length; o++)
                {
                    perOption[o] = a.OptionVectors[o].Distance(i, b.OptionVectors[o], j);
                }

                optionDistances[s] = perOption;
            }

            Advance(moves[s], ref i, ref j);
        }

        var automatic = threshold is null;
        var used = threshold ?? AutoThreshold.Estimate(distances.OfType<double>());

        var steps = new AlignmentStep[moves.Length];
        i = 0;
        j = 0;
        for (var s = 0; s < moves.Length; s++)
        {
            var move = moves[s];
            var hasA = move != AlignmentMove.OnlyB;
            var hasB = move != AlignmentMove.OnlyA;
            var kind = move switch
            {
                AlignmentMove.OnlyA => RegionKind.Removed,
                AlignmentMove.OnlyB => RegionKind.Inserted,
                _ => Classify(distances[s]!.Value, used),
            };
            steps[s] = new AlignmentStep(
                hasA ? i : null,
                hasB ? j : null,
                a.Boundaries[i],
                hasA ? a.Boundaries[i + 1] : a.Boundaries[i],
                b.Boundaries[j],
                hasB ? b.Boundaries[j + 1] : b.Boundaries[j],
                distances[s],
                optionDistances[s],
                kind);
            Advance(move, ref i, ref j);
        }

        return Summarise(mode, used, automatic, steps, options, weights, a.Duration, b.Duration);
    }

    public static RegionKind Classify(double distance, double threshold) =>
        distance > threshold ? RegionKind.Changed : RegionKind.Same;

    /// <summary>Merges neighbouring steps of one kind into regions and totals the result.</summary>
    public static ComparisonResult Summarise(
        ComparisonMode mode,
        double threshold,
        bool automatic,
        IReadOnlyList<AlignmentStep> steps,
        IReadOnlyList<string> options,
        IReadOnlyDictionary<string, double> weights,
        double durationA,
        double durationB)
    {
        var regions = new List<Region>();
        var start = 0;
        while (start < steps.Count)
        {
            var kind = steps[start].Kind;
            var end = start;
            while (end + 1 < steps.Count && steps[end + 1].Kind == kind)
            {
                end++;
            }

            regions.Add(MakeRegion(steps, start, end, options));
            start = end + 1;
        }

        var compared = regions.Where(r => r.Kind is RegionKind.Same or RegionKind.Changed).Sum(r => r.StepCount);
        var changedClips = regions.Where(r => r.Kind == RegionKind.Changed).Sum(r => r.StepCount);
        var statistics = RegionTotals.Of(regions, durationA, durationB, compared, changedClips);
        return new ComparisonResult(mode, threshold, automatic, regions, steps, statistics, options, weights, durationA, durationB);
    }

    private static Region MakeRegion(IReadOnlyList<AlignmentStep> steps, int first, int last, IReadOnlyList<string> options)
    {
        var kind = steps[first].Kind;
        double? mean = null, max = null;
        var optionMeans = new Dictionary<string, double>(StringComparer.Ordinal);
        if (kind is RegionKind.Same or RegionKind.Changed)
        {
            double sum = 0, largest = 0;
            var optionSums = new double[options.Count];
            for (var s = first; s <= last; s++)
            {
                var distance = steps[s].Distance ?? 0;
                sum += distance;
                largest = Math.Max(largest, distance);
                var perOption = steps[s].OptionDistances;
                for (var o = 0; perOption is not null && o < optionSums.Length; o++)
                {
                    optionSums[o] += perOption[o];
                }
            }

            var count = last - first + 1;
            mean = sum / count;
            max = largest;
            for (var o = 0; o < options.Count; o++)
            {
                optionMeans[options[o]] = optionSums[o] / count;
            }
        }

        return new Region(
            kind,
            steps[first].AStart,
            steps[last].AEnd,
            steps[first].BStart,
            steps[last].BEnd,
            mean,
            max,
            optionMeans,
            first,
            last - first + 1);
    }

    private static void Advance(AlignmentMove move, ref int i, ref int j)
    {
        if (move != AlignmentMove.OnlyB)
        {
            i++;
        }

        if (move != AlignmentMove.OnlyA)
        {
            j++;
        }
    }
}
