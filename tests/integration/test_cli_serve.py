"""`hipcoach serve` refuses what it cannot run before it starts anything; its proxies and workers settings."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from hipcoach.services.job_queue import restart_duty
from hipcoach.settings import MAX_WORKERS, Settings


def test_a_bad_proxy_or_worker_count_is_refused_by_name_and_nothing_is_served(cli, monkeypatch, tmp_path):
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(tmp_path))
    bad_proxy = cli("serve", "--trusted-proxies", "10.0.0.5,proxy.example.org")
    assert bad_proxy.exit_code == 1
    assert "'proxy.example.org' is not an address or a network" in bad_proxy.output
    for workers in ("0", str(MAX_WORKERS + 1)):
        refused = cli("serve", "--workers", workers)
        assert refused.exit_code == 1 and f"--workers must be between 1 and {MAX_WORKERS}" in refused.output
    assert not (tmp_path / "secret_key").exists()  # refused before anything was made


def test_the_trusted_proxies_setting_takes_addresses_and_networks_and_names_a_bad_one(monkeypatch):
    monkeypatch.setenv("HIPCOACH_TRUSTED_PROXIES", " 10.0.0.5, 10.0.1.0/24 ,::1 ")
    assert Settings().trusted_proxies == "10.0.0.5/32,10.0.1.0/24,::1/128"
    monkeypatch.setenv("HIPCOACH_TRUSTED_PROXIES", "10.0.0.300")
    with pytest.raises(ValidationError, match="'10.0.0.300' is not an address or a network"):
        Settings()
    monkeypatch.delenv("HIPCOACH_TRUSTED_PROXIES")
    assert Settings().trusted_proxies == ""  # no proxy is trusted unless one is named


def test_one_app_process_of_a_machine_holds_the_restart_duty_until_it_ends(tmp_path):
    first = restart_duty(tmp_path)
    assert first is not None
    assert restart_duty(tmp_path) is None  # a second app process on the same data folder
    first.close()
    again = restart_duty(tmp_path)
    assert again is not None
    again.close()


@pytest.mark.parametrize("command", [("serve",), ("where",), ("profiles",), ("worker",)])
def test_a_wrong_setting_stops_a_command_with_a_line_that_names_it(cli, monkeypatch, tmp_path, command):
    monkeypatch.setenv("HIPCOACH_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("HIPCOACH_PORT", "99999")
    monkeypatch.setenv("HIPCOACH_TRUSTED_PROXIES", "proxy.example.org")
    refused = cli(*command)
    assert refused.exit_code == 1
    assert "HIPCOACH_PORT: Input should be less than or equal to 65535" in refused.output
    assert "HIPCOACH_TRUSTED_PROXIES: 'proxy.example.org' is not an address or a network" in refused.output
    assert "Traceback" not in refused.output and "ValidationError" not in refused.output
