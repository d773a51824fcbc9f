namespace Sage.Core.Tests.Comparison;

/// <summary>One edit: insert, delete or replace <see cref="Size"/> clips at <see cref="At"/> (taken modulo the length).</summary>
internal sealed record Edit(int Kind, int At, int Size);

/// <summary>A random video (contents 0..Length-1) and the edits that turn it into B.</summary>
internal sealed record EditScript(int Seed, int Length, Edit[] Edits)
{
    public int[] A => SyntheticVideo.Range(0, Length);

    public int[] B
    {
        get
        {
            var clips = A.ToList();
            var fresh = 1000;
            foreach (var edit in Edits)
            {
                var at = edit.At % (clips.Count + 1);
                var size = Math.Min(edit.Size, clips.Count - at);
                switch (edit.Kind)
                {
                    case 0:
                        clips.InsertRange(at, Enumerable.Range(fresh, edit.Size));
                        fresh += edit.Size;
                        break;
                    case 1:
                        clips.RemoveRange(at, size);
                        break;
                    default:
                        clips.RemoveRange(at, size);
                        clips.InsertRange(at, Enumerable.Range(fresh, size));
                        fresh += size;
                        break;
                }
            }

            return [.. clips];
        }
    }

    public override string ToString() =>
        $"Seed {Seed}, Length {Length}, Edits [{string.Join(", ", Edits.Select(e => $"({e.Kind},{e.At},{e.Size})"))}]";
}
