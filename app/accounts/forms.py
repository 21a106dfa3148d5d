"""Registration and login forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, ValidationError

from app.config import LANGUAGES

from ..validators import display_name_field
from .passwords import MAX_LENGTH, password_problem

LANGUAGE_CHOICES = [SelectChoice("ar", "العربية"), SelectChoice("fr", "Français"), SelectChoice("en", "English")]


def email_field(label) -> EmailField:
    """An e-mail address field with the usual checks."""
    return EmailField(
        label,
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254, message=_l("This e-mail address is too long.")),
            Email(_l("Enter a valid e-mail address."), check_deliverability=False),
        ],
    )


class RegisterForm(FlaskForm):
    """A new member: e-mail, name, password, language and consent to the privacy notice."""

    email = email_field(_l("E-mail address"))
    display_name = display_name_field()
    password = PasswordField(_l("Password"), validators=[DataRequired(_l("Choose a password."))])
    confirm = PasswordField(
        _l("Password again"),
        validators=[
            DataRequired(_l("Type the password again.")),
            EqualTo("password", _l("The two passwords differ.")),
        ],
    )
    locale = SelectField(_l("Preferred language"), choices=LANGUAGE_CHOICES)
    consent = BooleanField(
        _l("I have read the privacy notice and agree to the processing of my data."),
        validators=[DataRequired(_l("Registration needs your consent to the privacy notice."))],
    )

    def validate_password(self, field):
        """At least 12 characters, not common, not the person's name or e-mail."""
        problem = password_problem(
            field.data or "", email=self.email.data or "", display_name=self.display_name.data or ""
        )
        if problem:
            raise ValidationError(problem)

    def validate_locale(self, field):
        """Only the languages the platform speaks."""
        if field.data not in LANGUAGES:
            raise ValidationError(_l("Choose one of the listed languages."))


class LoginForm(FlaskForm):
    """E-mail and password."""

    email = EmailField(
        _l("E-mail address"),
        validators=[
            DataRequired(_l("Enter your e-mail address.")),
            Length(max=254),
        ],
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password.")),
            Length(max=MAX_LENGTH),
        ],
    )


class TokenForm(FlaskForm):
    """A name for a new personal API token."""

    name = StringField(
        _l("What the token is for"),
        validators=[
            DataRequired(_l("Give the token a name.")),
            Length(max=80, message=_l("Use at most 80 characters.")),
        ],
    )


class NewPasswordForm(FlaskForm):
    """A new password twice, under the registration rules (a reset link's page)."""

    password = PasswordField(_l("New password"), validators=[DataRequired(_l("Choose a password."))])
    confirm = PasswordField(
        _l("New password again"),
        validators=[DataRequired(_l("Type the password again.")), EqualTo("password", _l("The two passwords differ."))],
    )

    def __init__(self, email: str, display_name: str, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_email, self.owner_name = email, display_name

    def validate_password(self, field):
        """The same rules as at registration."""
        problem = password_problem(field.data or "", email=self.owner_email, display_name=self.owner_name)
        if problem:
            raise ValidationError(problem)


class PasswordChangeForm(NewPasswordForm):
    """The current password, then the new one twice."""

    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)]
    )

    def __init__(self, account, *args, **kwargs):
        super().__init__(account.email, account.display_name, *args, **kwargs)


class ForgotPasswordForm(FlaskForm):
    """The address to send a reset link to."""

    email = email_field(_l("E-mail address"))


class EmailChangeForm(FlaskForm):
    """A new address, and the current password to show it is the owner asking."""

    email = email_field(_l("New e-mail address"))
    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)]
    )


class PrivacyChoicesForm(FlaskForm):
    """What the member allows, purpose by purpose (each can be withdrawn at any time)."""

    suggestions = BooleanField(_l("Suggest me to members who may know me"))
    campaigns = BooleanField(_l("The department may include me in its campaigns (calls, mailings)"))
    analytics = BooleanField(_l("The department may see me by name in its network analyses"))


class CodeForm(FlaskForm):
    """A code from the authenticator app (or a recovery code)."""

    code = StringField(
        _l("Code"),
        validators=[DataRequired(_l("Enter the code.")), Length(max=20, message=_l("Use at most 20 characters."))],
    )


class AccountDeletionForm(FlaskForm):
    """The password again, and a box saying the person understands."""

    current = PasswordField(
        _l("Current password"), validators=[DataRequired(_l("Enter your current password.")), Length(max=MAX_LENGTH)]
    )
    understood = BooleanField(
        _l("I understand that my account and everything it holds will be deleted after 14 days."),
        validators=[DataRequired(_l("Tick the box to confirm."))],
    )
