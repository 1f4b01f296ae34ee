namespace DataTasks.Core.History;

/// <summary>
/// The last few blobs read, by object name, oldest evicted first. log plans its reads with one instance and replays the
/// same rule with another while reading, so both agree on which blobs must come from git again.
/// </summary>
/// <typeparam name="T">What is kept per blob.</typeparam>
internal sealed class RecentBlobs<T>
{
    private readonly int capacity;
    private readonly Dictionary<string, T> items = new(StringComparer.Ordinal);
    private readonly Queue<string> order = new();

    public RecentBlobs(int capacity)
    {
        this.capacity = capacity;
    }

    public bool TryGet(string name, out T value) => items.TryGetValue(name, out value!);

    public void Add(string name, T value)
    {
        items[name] = value;
        order.Enqueue(name);
        while (order.Count > capacity)
        {
            items.Remove(order.Dequeue());
        }
    }
}
