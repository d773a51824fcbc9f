using System.Text;

namespace Sage.Media;

/// <summary>
/// Keeps the last lines a tool wrote to stderr, bounded in both lines and characters, so a chatty
/// or endless ffmpeg cannot grow memory while its error message stays available.
/// </summary>
internal sealed class StderrTail
{
    public const int MaxLines = 40;
    public const int MaxChars = 64 * 1024;
    private const int MaxLineChars = 4096;

    private readonly Queue<string> _lines = new();
    private readonly Lock _gate = new();
    private int _chars;

    public async Task PumpAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                Add(line);
            }
        }
        catch (IOException)
        {
            // The pipe broke because the process was killed; the tail so far is what we have.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Add(string line)
    {
        if (line.Length == 0)
        {
            return;
        }

        // ffmpeg quotes its input, and a pre-signed input's query is a credential: it never reaches a log or an exception.
        line = UrlQueries.Redact(line);
        if (line.Length > MaxLineChars)
        {
            line = string.Concat(line.AsSpan(0, MaxLineChars), "…");
        }

        lock (_gate)
        {
            _lines.Enqueue(line);
            _chars += line.Length;
            while (_lines.Count > MaxLines || (_chars > MaxChars && _lines.Count > 1))
            {
                _chars -= _lines.Dequeue().Length;
            }
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            var text = new StringBuilder(_chars + _lines.Count);
            foreach (var line in _lines)
            {
                if (text.Length > 0)
                {
                    text.Append('\n');
                }

                text.Append(line);
            }

            return text.ToString();
        }
    }
}
