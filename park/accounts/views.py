"""Account pages: sign-up, log-in, invitations, passwords, profile, organisations, approvals."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from park.accounts import queries, services
from park.accounts.forms import (
    AcceptInvitationForm,
    ChangePasswordForm,
    ConfirmForm,
    InvitationSignUpForm,
    InviteForm,
    LoginForm,
    MemberRoleForm,
    OrganisationForm,
    PasswordResetForm,
    PasswordResetRequestForm,
    ProfileForm,
    SignUpForm,
)
from park.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgRole,
    OrgStatus,
    User,
)
from park.accounts.policy import (
    can_change_member_role,
    can_deactivate_user,
    can_edit_organisation,
    can_invite_members,
    can_manage_users,
    can_review_organisations,
    can_view_organisation,
)
from park.api import tokens as api_tokens
from park.api.forms import TokenForm
from park.api.policy import can_manage_api_tokens
from park.core.authz import authorize, guard
from park.core.errors import DomainError, found_or_404
from park.core.forms import enum_arg, safe_next, show_domain_error
from park.core.i18n import remember_locale, select_locale
from park.core.pagination import paginate
from park.core.policy import anyone, signed_in
from park.extensions import db, limiter

bp = Blueprint("accounts", __name__)


def _login_limit():
    return current_app.config["RATELIMIT_LOGIN"]


def _reset_limit():
    return current_app.config["RATELIMIT_PASSWORD_RESET"]


def _signup_limit():
    return current_app.config["RATELIMIT_SIGNUP"]


def _organisation_or_404(slug: str) -> Organisation:
    return found_or_404(services.organisation_by_slug(slug))


def _membership_or_404(organisation: Organisation, membership_id: int) -> Membership:
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organisation_id != organisation.id:
        abort(404)
    return membership


# Signing in and out -------------------------------------------------------------------------


@bp.route("/login", methods=["GET", "POST"])
@guard(anyone)
@limiter.limit(_login_limit, methods=["POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        try:
            user = services.authenticate(form.email.data, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome back, %(name)s.", name=user.name), "success")
            return redirect(safe_next(form.next.data) or url_for("core.home"))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@guard(signed_in)
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        remember_locale(current_user.locale)
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/signup", methods=["GET", "POST"])
@guard(anyone)
@limiter.limit(_signup_limit, methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = SignUpForm(locale=select_locale())
    if form.validate_on_submit():
        try:
            user = services.sign_up(
                name=form.name.data,
                email=form.email.data,
                password=form.password.data,
                locale=form.locale.data,
                organisation_name=form.organisation_name.data,
                organisation_name_zh=form.organisation_name_zh.data or "",
                organisation_kind=OrgKind(form.organisation_kind.data),
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(user)
            flash(_("Your account is ready. The park office will review your organisation "
                    "shortly."), "success")
            return redirect(url_for("core.home"))
    return render_template("accounts/signup.html", form=form)


# Invitations --------------------------------------------------------------------------------


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@guard(anyone)
@limiter.limit(_signup_limit, methods=["POST"])
def accept_invitation(token: str):
    try:
        invitation = services.open_invitation(token)
    except DomainError as error:
        return render_template("accounts/invitation_invalid.html", message=error.message), 410
    if current_user.is_authenticated:
        form = AcceptInvitationForm()
        if form.validate_on_submit():
            try:
                organisation = services.accept_invitation(current_user, token)
            except DomainError as error:
                flash(error.message, "danger")
            else:
                flash(_("You have joined %(organisation)s.", organisation=organisation.name),
                      "success")
                return redirect(url_for("accounts.organisation", slug=organisation.slug))
        return render_template("accounts/invitation_accept.html", form=form,
                               invitation=invitation)
    if services.user_by_email(invitation.email) is not None:
        flash(_("You already have an account. Log in to accept the invitation."), "info")
        return redirect(url_for("accounts.login", next=request.path))
    form = InvitationSignUpForm(locale=select_locale())
    if form.validate_on_submit():
        try:
            user = services.sign_up_with_invitation(
                token, name=form.name.data, password=form.password.data,
                locale=form.locale.data,
            )
        except DomainError as error:
            show_domain_error(form, error)
        else:
            login_user(user)
            flash(_("Welcome to %(organisation)s.", organisation=invitation.organisation.name),
                  "success")
            return redirect(url_for("accounts.organisation", slug=invitation.organisation.slug))
    return render_template("accounts/invitation_signup.html", form=form, invitation=invitation)


# Password reset -----------------------------------------------------------------------------


@bp.route("/password/forgot", methods=["GET", "POST"])
@guard(anyone)
@limiter.limit(_reset_limit, methods=["POST"])
def forgot_password():
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        services.request_password_reset(form.email.data)
        flash(_("If an account uses that address, a reset link is on its way. "
                "It works for one hour."), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@guard(anyone)
@limiter.limit(_reset_limit, methods=["POST"])
def reset_password(token: str):
    try:
        services.user_for_reset_token(token)
    except DomainError as error:
        flash(error.message, "danger")
        return redirect(url_for("accounts.forgot_password"))
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            services.reset_password(token, form.password.data)
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("Your password has been changed. Please log in."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


# Profile ------------------------------------------------------------------------------------


@bp.route("/profile", methods=["GET", "POST"])
@guard(signed_in)
def profile():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    token_form = TokenForm(prefix="token")
    if form.submit.data and form.validate_on_submit():
        services.update_profile(current_user, name=form.name.data, locale=form.locale.data)
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("accounts.profile"))
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            services.change_password(current_user, password_form.current_password.data,
                                     password_form.password.data)
        except DomainError as error:
            show_domain_error(password_form, error)
        else:
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("accounts.profile"))
    new_token = None
    if token_form.submit.data and token_form.validate_on_submit():
        authorize(can_manage_api_tokens)
        try:
            _token, new_token = api_tokens.create_token(
                current_user, name=token_form.name.data, expires_on=token_form.expires_on.data)
        except DomainError as error:
            show_domain_error(token_form, error)
        else:
            token_form = TokenForm(prefix="token", formdata=None)
    failed = any(f.errors for f in (form, password_form, token_form))
    response = make_response(render_template(
        "accounts/profile.html", form=form, password_form=password_form,
        token_form=token_form, new_token=new_token,
        api_tokens=api_tokens.tokens_of(current_user),
    ), 422 if failed else 200)
    # A new token is on this page once: no cache keeps it.
    response.headers["Cache-Control"] = "no-store"
    return response


# Organisations ------------------------------------------------------------------------------


@bp.route("/orgs/<slug>")
@guard(signed_in)
def organisation(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_view_organisation, organisation)
    return _organisation_page(organisation, InviteForm())


def _organisation_page(organisation: Organisation, invite_form: InviteForm, status: int = 200):
    invitations = (services.pending_invitations(organisation)
                   if can_invite_members(current_user, organisation) else [])
    return render_template(
        "accounts/organisation.html",
        organisation=organisation,
        members=paginate(queries.members_query(organisation)),
        invitations=invitations,
        invite_form=invite_form,
        role_form=MemberRoleForm(),
    ), status


@bp.route("/orgs/<slug>/edit", methods=["GET", "POST"])
@guard(signed_in)
def edit_organisation(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_edit_organisation, organisation)
    form = OrganisationForm(obj=organisation)
    if form.validate_on_submit():
        services.update_organisation(
            current_user, organisation, name=form.name.data, name_zh=form.name_zh.data,
            website=form.website.data, description=form.description.data,
            description_zh=form.description_zh.data,
        )
        flash(_("The organisation's details have been saved."), "success")
        return redirect(url_for("accounts.organisation", slug=organisation.slug))
    return render_template("accounts/organisation_edit.html", form=form,
                           organisation=organisation)


@bp.route("/orgs/<slug>/invitations", methods=["POST"])
@guard(signed_in)
def invite(slug: str):
    organisation = _organisation_or_404(slug)
    authorize(can_invite_members, organisation)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            services.invite_member(current_user, organisation, form.email.data,
                                   OrgRole(form.role.data))
        except DomainError as error:
            show_domain_error(form, error)
        else:
            flash(_("An invitation has been sent to %(email)s.", email=form.email.data),
                  "success")
            return redirect(url_for("accounts.organisation", slug=organisation.slug))
    return _organisation_page(organisation, form, status=422)


@bp.route("/orgs/<slug>/invitations/<int:invitation_id>/revoke", methods=["POST"])
@guard(signed_in)
def revoke_invitation(slug: str, invitation_id: int):
    organisation = _organisation_or_404(slug)
    authorize(can_invite_members, organisation)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    if ConfirmForm().validate_on_submit():
        try:
            services.revoke_invitation(current_user, invitation)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("The invitation to %(email)s has been withdrawn.", email=invitation.email),
                  "info")
    return redirect(url_for("accounts.organisation", slug=organisation.slug))


@bp.route("/orgs/<slug>/members/<int:membership_id>/role", methods=["POST"])
@guard(signed_in)
def change_member_role(slug: str, membership_id: int):
    organisation = _organisation_or_404(slug)
    membership = _membership_or_404(organisation, membership_id)
    authorize(can_change_member_role, membership)
    form = MemberRoleForm()
    if form.validate_on_submit():
        try:
            services.change_member_role(current_user, membership, OrgRole(form.role.data))
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(name)s is now %(role)s.", name=membership.user.name,
                    role=membership.role.label), "success")
    else:
        flash(_("Please choose a role."), "danger")
    return redirect(url_for("accounts.organisation", slug=organisation.slug))


@bp.route("/orgs/<slug>/members/<int:membership_id>/remove", methods=["POST"])
@guard(signed_in)
def remove_member(slug: str, membership_id: int):
    organisation = _organisation_or_404(slug)
    membership = _membership_or_404(organisation, membership_id)
    authorize(can_change_member_role, membership)
    if ConfirmForm().validate_on_submit():
        name = membership.user.name
        try:
            services.remove_member(current_user, membership)
        except DomainError as error:
            flash(error.message, "danger")
        else:
            flash(_("%(name)s has been removed from the organisation.", name=name), "info")
    return redirect(url_for("accounts.organisation", slug=organisation.slug))


# The park's administration ------------------------------------------------------------------




@bp.route("/admin/organisations")
@guard(can_review_organisations)
def admin_organisations():
    status = enum_arg(OrgStatus, "status")
    if "status" not in request.args:
        status = OrgStatus.PENDING
    kind = enum_arg(OrgKind, "kind")
    search = request.args.get("q", "").strip()[:100]
    page = paginate(queries.organisations_query(status, kind, search))
    return render_template(
        "accounts/admin_organisations.html",
        page=page,
        status=status,
        kind=kind,
        search=search,
        counts=queries.organisation_counts_by_status(),
        statuses=list(OrgStatus),
        kinds=list(OrgKind),
    )


@bp.route("/admin/organisations/<slug>/<any(approve, reject):decision>", methods=["POST"])
@guard(can_review_organisations)
def decide_organisation(slug: str, decision: str):
    organisation = _organisation_or_404(slug)
    if ConfirmForm().validate_on_submit():
        approve = decision == "approve"
        services.decide_organisation(current_user, organisation, approve)
        if approve:
            flash(_("%(organisation)s has been approved.", organisation=organisation.name),
                  "success")
        else:
            flash(_("%(organisation)s has been rejected.", organisation=organisation.name),
                  "info")
    return redirect(safe_next(request.form.get("next")) or url_for("accounts.admin_organisations"))


@bp.route("/admin/users")
@guard(can_manage_users)
def admin_users():
    search = request.args.get("q", "").strip()[:100]
    state = request.args.get("state", "")
    active = {"active": True, "inactive": False}.get(state)
    page = paginate(queries.users_query(search, active))
    return render_template("accounts/admin_users.html", page=page, search=search, state=state)


@bp.route("/admin/users/<int:user_id>/<any(activate, deactivate):action>", methods=["POST"])
@guard(can_manage_users)
def set_user_active(user_id: int, action: str):
    target = db.session.get(User, user_id)
    if target is None:
        abort(404)
    authorize(can_deactivate_user, target)
    if ConfirmForm().validate_on_submit():
        try:
            services.set_user_active(current_user, target, action == "activate")
        except DomainError as error:
            flash(error.message, "danger")
        else:
            if action == "activate":
                flash(_("%(email)s can log in again.", email=target.email), "success")
            else:
                flash(_("%(email)s has been deactivated.", email=target.email), "info")
    return redirect(safe_next(request.form.get("next")) or url_for("accounts.admin_users"))

