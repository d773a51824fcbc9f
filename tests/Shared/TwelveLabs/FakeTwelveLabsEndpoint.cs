namespace Sage.Tests.TwelveLabs;

/// <summary>The endpoints the fake TwelveLabs serves, for counting hits and aiming faults.</summary>
public enum FakeTwelveLabsEndpoint
{
    Other,

    /// <summary>POST /embed/tasks</summary>
    CreateTask,

    /// <summary>GET /embed/tasks/{id}/status</summary>
    TaskStatus,

    /// <summary>GET /embed/tasks/{id}</summary>
    RetrieveTask,

    /// <summary>GET /embed/tasks</summary>
    ListTasks,

    /// <summary>POST /embed-v2/tasks</summary>
    CreateV2Task,

    /// <summary>GET /embed-v2/tasks/{id}</summary>
    GetV2Task,

    /// <summary>GET /files/{token}/{name}: the fake's own "presigned URL" file host.</summary>
    ServeFile,
}
