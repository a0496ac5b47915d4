"""Running wsoa: backups and restores, health checks, request logs, and a clean page in outages."""
