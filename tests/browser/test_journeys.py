"""A visitor signs up, logs out, logs in again, switches to Chinese, and logs out."""

from playwright.sync_api import expect

from park.accounts.models import Organisation, OrgStatus, User


def _open_language_menu_and_choose(page, label):
    page.locator("#language-menu").click()
    page.get_by_role("button", name=label).click()


def test_visitor_signs_up_logs_in_switches_language_and_logs_out(page, live_server, db):
    page.goto(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Chongqing Industrial Design Industrial Park")

    page.get_by_role("link", name="Sign up").first.click()
    page.get_by_label("Your name").fill("Wang Fang")
    page.get_by_label("E-mail address").fill("wang.fang@example.com")
    page.get_by_label("Password", exact=True).fill("a long secret 42")
    page.get_by_label("Repeat the password").fill("a long secret 42")
    page.get_by_label("Organisation name", exact=True).fill("Yuzhong Mobility Design")
    page.get_by_label("Organisation name in Chinese").fill("渝中出行设计")
    page.get_by_label("Kind of organisation").select_option("design_firm")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("Your account is ready.")).to_be_visible()
    expect(page.get_by_text("Awaiting the park’s approval")).to_be_visible()
    db.session.expire_all()
    organisation = db.session.query(Organisation).filter_by(name="Yuzhong Mobility Design").one()
    assert organisation.status is OrgStatus.PENDING

    page.locator("#user-menu").click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_text("You have logged out.")).to_be_visible()

    page.get_by_role("link", name="Log in").first.click()
    page.get_by_label("E-mail address").fill("wang.fang@example.com")
    page.get_by_label("Password").fill("a long secret 42")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Welcome back, Wang Fang.")).to_be_visible()

    _open_language_menu_and_choose(page, "简体中文")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_role("link", name="首页")).to_be_visible()
    db.session.expire_all()
    assert db.session.query(User).filter_by(email="wang.fang@example.com").one().locale == "zh_CN"

    page.locator("#user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_text("您已退出登录。")).to_be_visible()
    navigation = page.get_by_role("navigation", name="主导航")
    expect(navigation.get_by_role("link", name="登录", exact=True)).to_be_visible()


def test_wrong_password_is_shown_at_the_field(page, live_server):
    from tests.factories import UserFactory

    user = UserFactory()
    page.goto(live_server + "/login")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#password-error")).to_have_text("Wrong e-mail address or password.")
