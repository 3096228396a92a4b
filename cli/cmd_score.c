/* cmd_score.c - placeholder replaced below */
#include "commands.h"
int jw_cmd_score(int argc, char **argv)
{
    (void)argc, (void)argv;
    return 1;
}
