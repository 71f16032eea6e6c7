namespace GridDispatch.Grains.Accounts;

/// <summary>
/// The names of the accounts that exist, so that an edge can refuse a name that is no account without
/// activating (and reading from storage) a grain for it: a guesser's junk names cost no memory or I/O.
/// </summary>
[Alias("GridDispatch.Accounts.IAccountDirectoryGrain")]
public interface IAccountDirectoryGrain : IGrainWithIntegerKey
{
    [Alias("Add")] Task Add(IReadOnlyCollection<string> names);

    [Alias("List")] Task<IReadOnlyCollection<string>> List();
}
