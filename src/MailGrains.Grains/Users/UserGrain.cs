using MailGrains.Users;

namespace MailGrains.Grains.Users;

internal sealed class UserGrain(
    [PersistentState(StateNames.User, StorageNames.Grains)] IPersistentState<UserState> state) : Grain, IUserGrain
{
    public Task<UserProfile?> GetProfileAsync() => Task.FromResult(state.State.Profile);

    public async Task SetProfileAsync(UserProfile profile)
    {
        state.State.Profile = profile;
        await state.WriteStateAsync();
    }

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }
}
