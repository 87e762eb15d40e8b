from tests.people.conftest import mails_to, registration, token_from


def test_register_and_confirm_adult(home_page, api_post, commit):
    response = commit(api_post, "volunteers/", registration())
    assert response.status_code == 202, response.content
    assert response.json() == {"status": "pending_confirmation"}
    [message] = mails_to("zuzanna.testowa@example.org")
    token = token_from(message)
    response = commit(api_post, "volunteers/confirm", {"token": token})
    assert response.status_code == 200, response.content
    assert response.json() == {"status": "active"}
