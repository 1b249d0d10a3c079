variable "name" {
  description = "User pool name."
  type        = string
}

variable "domain_prefix" {
  description = "Cognito hosted UI domain prefix (<prefix>.auth.<region>.amazoncognito.com); must be globally unique."
  type        = string
}

variable "hostnames" {
  description = "Runway host names; each gets the callback https://<host>/api/auth/oidc/handler/frame."
  type        = list(string)

  validation {
    condition     = length(var.hostnames) > 0
    error_message = "At least one hostname is required."
  }
}

variable "identity_providers" {
  description = "Identity providers enabled on the app client (COGNITO, or the names of federated SAML/OIDC providers added to the pool)."
  type        = list(string)
  default     = ["COGNITO"]
}

variable "deletion_protection" {
  description = "Block deletion of the user pool."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags applied to all resources."
  type        = map(string)
  default     = {}
}
