namespace Sage.Storage;

/// <summary>A store on a local disk, which can say how many bytes it still has room for.</summary>
public interface IFreeSpaceReporter
{
    /// <summary>Bytes free to this process on the store's file system.</summary>
    long AvailableBytes { get; }
}
