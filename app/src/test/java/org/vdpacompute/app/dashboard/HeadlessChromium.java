package org.vdpacompute.app.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's chromium, headless, driven through Debian's chromedriver: both named by path, so that
 * Selenium Manager never looks for (or downloads) a browser or a driver of its own.
 */
final class HeadlessChromium {
  static final File CHROMIUM = new File("/usr/bin/chromium");
  static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private HeadlessChromium() {}

  /** A browser with a fresh profile under {@code profileDir}; the caller quits it. */
  static ChromeDriver start(Path profileDir) {
    try {
      Files.createDirectories(profileDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make the browser's profile directory " + profileDir, e);
    }
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    return new ChromeDriver(service, options);
  }
}
