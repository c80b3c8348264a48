"""A file put into a trainee's folder never goes through a link the trainee placed there."""

from __future__ import annotations

from ctcourse.autograder_service.deliver import put, trainee_folder


def test_a_link_in_the_trainees_folder_is_replaced_not_followed(tmp_path):
    home, elsewhere = tmp_path / "ana", tmp_path / "secret.txt"
    home.mkdir()
    elsewhere.write_text("keep me", "utf-8")
    (home / "status.html").symlink_to(elsewhere)
    put(home, "status.html", b"<p>graded</p>", "ana")
    assert elsewhere.read_text("utf-8") == "keep me"
    assert not (home / "status.html").is_symlink()
    assert (home / "status.html").read_bytes() == b"<p>graded</p>"
    assert [p.name for p in home.iterdir()] == ["status.html"]  # no temporary file left


def test_a_home_that_is_a_link_or_missing_gets_nothing(tmp_path):
    (tmp_path / "homes").mkdir()
    (tmp_path / "homes" / "bo").symlink_to(tmp_path)
    assert trainee_folder("bo", tmp_path / "homes", tmp_path, "trainee-work") is None
    assert trainee_folder("cy", tmp_path / "homes", tmp_path, "trainee-work") is None
    (tmp_path / "trainee-work").mkdir()
    assert trainee_folder("cy", None, tmp_path, "trainee-work") == tmp_path / "trainee-work"
