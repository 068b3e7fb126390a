#!/usr/bin/env python3
"""A facilitator's week in a real browser (Debian's chromium through chromedriver and selenium),
against a running `pengingat serve`: log in as a pendamping, record a meeting's attendance and see
the motivation messages planned, compose a broadcast, see its preview and then the log; log in as
another pendamping and fail to reach the first one's households. A screenshot of each page at
phone width (360 px) goes to the folder given.

    facilitator_week.py BASE_URL SCREENSHOT_DIR   (passwords in PENGINGAT_TEST_PASSWORD_SITI/_BUDI)
"""
import os
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as until
from selenium.webdriver.support.ui import Select, WebDriverWait

base, shots = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(shots, exist_ok=True)
failures = []


def check(condition, what):
    print(("ok   " if condition else "FAIL ") + what, flush=True)
    if not condition:
        failures.append(what)


options = webdriver.ChromeOptions()
# Scrollbars hidden as a phone's overlay ones are: a desktop scrollbar takes 15 px of the
# 360, and the page's green bars showed stopping short of the right edge.
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=360,800",
                 "--hide-scrollbars"]:
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(60)


def shot(name):
    # Nothing wider than the phone: a page wider than the screen scrolls sideways, and the
    # green bars at its top stop short of the right edge. (Chromium starts wider than asked.)
    driver.set_window_size(360, 800)
    width = driver.execute_script("return document.documentElement.scrollWidth")
    check(width == 360, name + " is exactly the phone's 360 px wide (" + str(width) + " px)")
    bars = driver.execute_script(
        "return Array.from(document.querySelectorAll('header, nav')).map(e => e.getBoundingClientRect().right)")
    check(all(right == 360 for right in bars), name + ": the green bars reach the right edge " + str(bars))
    # The whole page at phone width, however long.
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(360, min(max(height, 640), 6000))
    driver.save_screenshot(os.path.join(shots, name + ".png"))
    driver.set_window_size(360, 800)


def sign_in(login, password):
    driver.delete_all_cookies()
    driver.get(base + "/masuk")
    driver.find_element(By.ID, "nama").send_keys(login)
    driver.find_element(By.ID, "sandi").send_keys(password)
    driver.find_element(By.ID, "tombol-masuk").click()
    WebDriverWait(driver, 30).until(lambda d: "/masuk" not in d.current_url or d.find_elements(By.CSS_SELECTOR, ".galat"))


def wait_for(element_id):
    return WebDriverWait(driver, 30).until(until.presence_of_element_located((By.ID, element_id)))


try:
    driver.get(base + "/masuk")
    shot("01-masuk")
    sign_in("siti", os.environ["PENGINGAT_TEST_PASSWORD_SITI"])
    check(wait_for("hari-2026-12-08") is not None and "Hari ini dan 7 hari ke depan" in driver.page_source, "Beranda after login")
    check(driver.execute_script("return document.documentElement.scrollWidth") <= 360, "Beranda fits 360 px")
    shot("02-beranda")

    driver.get(base + "/kelompok")
    shot("03-kelompok-daftar")
    driver.get(base + "/kelompok/KLP-01")
    check("Kehadiran" in driver.page_source, "group page offers attendance")
    shot("04-kelompok")
    # One tap per household: two absent, one excused.
    for household, choice in [("KPM-0001", "tidak_hadir"), ("KPM-0002", "tidak_hadir"), ("KPM-0004", "izin")]:
        radio = driver.find_element(By.CSS_SELECTOR, f'input[name="status_{household}"][value="{choice}"]')
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", radio)
        radio.find_element(By.XPATH, "..").click()
        check(radio.is_selected(), f"{household} marked {choice} with one tap")
    driver.find_element(By.NAME, "alasan_KPM-0004").send_keys("anak sakit")
    button = driver.find_element(By.ID, "simpan-kehadiran")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    notice = WebDriverWait(driver, 30).until(until.presence_of_element_located((By.CSS_SELECTOR, ".info"))).text
    check("Kehadiran tersimpan" in notice and "2 tidak hadir" in notice, "attendance saved: " + notice)
    check("3 pesan penyemangat direncanakan" in notice, "motivation messages planned")
    shot("05-kehadiran-tersimpan")

    driver.get(base + "/kpm/KPM-0001")
    check("Pesan penyemangat" in driver.page_source, "the household page lists its motivation message")
    shot("06-kpm")

    driver.get(base + "/kirim")
    Select(driver.find_element(By.ID, "ke")).select_by_value("kelompok:KLP-01")
    driver.find_element(By.ID, "teks").send_keys("{{sapaan}} {{nama}}, pencairan bantuan PKH tahap 4 mulai Senin. Bawa KKS dan KTP.")
    driver.find_element(By.ID, "tombol-pratinjau").click()
    preview = wait_for("hasil-pratinjau").text
    check("nomor" in preview and "Rp" in preview, "broadcast preview with count and cost")
    shot("07-kirim-pratinjau")
    confirm = driver.find_element(By.NAME, "konfirmasi")
    if not confirm.is_selected():
        confirm.click()
    driver.find_element(By.ID, "tombol-kirim").click()
    queued = WebDriverWait(driver, 30).until(until.presence_of_element_located((By.CSS_SELECTOR, ".info"))).text
    check("Siaran dijadwalkan" in queued, "broadcast queued")
    shot("08-kirim-terkirim")

    # The dispatcher in `serve` sends through the file gateway: the log fills within seconds.
    seen = False
    for _ in range(30):
        driver.get(base + "/log")
        if "siaran" in driver.page_source and ("Diterima gateway" in driver.page_source or "Sampai" in driver.page_source):
            seen = True
            break
        time.sleep(1)
    check(seen, "the broadcast's messages appear in the log, accepted by the gateway")
    shot("09-log")
    driver.get(base + "/balasan")
    shot("10-balasan")

    sign_in("budi", os.environ["PENGINGAT_TEST_PASSWORD_BUDI"])
    driver.get(base + "/kpm/KPM-0001")
    check("WEB01" in driver.page_source and "Sari Wulandari" not in driver.page_source,
          "another facilitator cannot reach the household")
    shot("11-kpm-orang-lain")
    driver.get(base + "/kelompok")
    check("KLP-01" not in driver.page_source, "another facilitator does not see the group")
finally:
    driver.quit()

if failures:
    print(f"{len(failures)} browser check(s) failed", file=sys.stderr)
    sys.exit(1)
print("browser checks passed")
