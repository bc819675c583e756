"""Demo logins: one per role, in the first township."""

from accounts.models import User
from accounts.roles import Role


def seed(ctx):
    township = ctx.townships[0]
    village = ctx.data["villages"][0]
    grid = next(g for g in ctx.data["grids"] if g.parent_id == village.pk)
    member = next(m for m in ctx.data["members"] if m.village_id == village.pk and m.pk != village.secretary_id)
    people = [
        ("admin", "系统管理员", Role.ADMIN, None, None, "系统管理员"),
        ("office", "镇办公室", Role.OFFICE, township, None, "党建办干事"),
        ("leader", "镇领导", Role.LEADER, township, None, "镇党委书记"),
        ("secretary", "村书记", Role.SECRETARY, village, None, village.secretary.name),
        ("grid", "网格员", Role.GRID, grid, None, "网格员"),
        ("member", "党员", Role.MEMBER, village, member, member.name),
    ]
    users = []
    template = User()
    template.set_password(ctx.password)  # hash once: PBKDF2 is slow on purpose
    for username, label, role, scope, _linked, full_name in people:
        user = User(
            username=username,
            full_name=full_name,
            role=role,
            scope_node=scope,
            is_staff=role == Role.ADMIN,
            is_superuser=role == Role.ADMIN,
        )
        user.password = template.password
        users.append(user)
        ctx.logins.append((label, username, ctx.password, scope.name if scope else "全部乡镇"))
    User.objects.bulk_create(users)
    ctx.data["users"] = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in people])}
    # The member's login is linked from the member's side (grids.Member.user): accounts imports no feature.
    for username, *_rest, linked, _full_name in people:
        if linked is not None:
            type(linked).objects.filter(pk=linked.pk).update(user=ctx.data["users"][username])
            linked.user = ctx.data["users"][username]
