package org.vdpacompute.controller.identity;

/**
 * A password login scoped to a project, as Keystone's v3 password method carries it: the user by id
 * or by name in a domain, the project by id or by name in a domain. Unset parts are null.
 */
public record PasswordLogin(
    String userId,
    String userName,
    String userDomain,
    String password,
    String projectId,
    String projectName,
    String projectDomain) {

  @Override
  public String toString() {
    return "PasswordLogin[user=" + (userId != null ? userId : userName) + " project="
        + (projectId != null ? projectId : projectName) + "]";
  }
}
