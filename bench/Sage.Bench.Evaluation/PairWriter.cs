namespace Sage.Bench.Evaluation;

/// <summary>Writes pair folders (<c>a.mp4</c>, <c>b.*</c>, <c>truth.json</c>) under one split's folder; files already there are kept.</summary>
internal sealed class PairWriter(string splitFolder)
{
    public int Written { get; private set; }

    public async Task PairAsync(string name, string a, Func<string, Task> makeB, PairTruth truth, string bExtension = ".mp4")
    {
        var folder = Path.Combine(splitFolder, name);
        Directory.CreateDirectory(folder);
        var copy = Path.Combine(folder, "a" + Path.GetExtension(a));
        if (!File.Exists(copy))
        {
            File.Copy(a, copy);
        }

        await Media.CreateOnceAsync(Path.Combine(folder, "b" + bExtension), makeB);
        truth.Write(Path.Combine(folder, PairTruth.FileName));
        Written++;
        Console.WriteLine($"  {name}: {truth.Description}");
    }
}
