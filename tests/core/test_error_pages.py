import pytest
from django.template.loader import render_to_string
from django.utils import translation

from tests.pages import texts


def test_500_page_renders_without_a_request():
    # Django renders 500.html with an empty context: no request, no user, no CSRF token.
    with translation.override("zh-hans"):
        html = render_to_string("500.html")

    assert texts(html, id="main") == ["500 服务器错误 服务器暂时无法处理您的请求，请稍后再试。 返回首页"]
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


@pytest.mark.django_db
def test_404_page_in_english(client):
    response = client.get("/no-such-page/", headers={"accept-language": "en"})

    assert response.status_code == 404
    assert texts(response.content, class_="error-page") == [
        "404 Page not found The page you requested does not exist or has been removed. Back to the home page"
    ]
